/**
 * ErrorCodes.gs: the error codes the add-on knows, shared by the server side and the sidebar
 * (getSidebarState passes them on). Backend codes match functions/errors.py and core/errors.py;
 * "addon.*" codes are the add-on's own.
 *
 * Every error thrown towards the sidebar is an Error whose message is the JSON text of
 * {code, message, row, field}, so the sidebar can show the message and act on the code.
 */
const ERROR_CODES = {
  // Backend (functions/errors.py).
  REQUEST_INVALID: 'request.invalid',
  BILLING_LIMIT: 'billing.limit_reached',
  SHEETS_NO_ACCESS: 'sheets.no_access',
  SHEETS_NOT_FOUND: 'sheets.not_found',
  // Teams and billing (functions/adapters/teams.py, functions/adapters/payments.py).
  TEAM_NOT_MEMBER: 'team.not_member',
  // Core (core/errors.py).
  INPUT_INVALID: 'input.invalid',
  // The add-on's own.
  NETWORK: 'addon.network',
  BAD_RESPONSE: 'addon.bad_response',
  NO_DATA: 'addon.no_data',
  NO_JOB: 'addon.no_job',
  JOB_RUNNING: 'addon.job_running',
  SHEET_CHANGED: 'addon.sheet_changed',
  NO_BACKUP: 'addon.no_backup',
  BUSY: 'addon.busy',
  NO_ROOM: 'addon.no_room',
  UNDO_NEEDS_ANSWER: 'addon.undo_needs_answer',
  // Google's limits on add-ons, told in the user's words (Language.gs googleProblem).
  QUOTA_DAY: 'addon.quota_day',
  QUOTA: 'addon.quota',
  TIME_LIMIT: 'addon.time_limit',
};

/**
 * @typedef {{code: string, message: string, row: (number|null), field: (string|null)}} RensaErrorBody
 */

/**
 * An Error for the sidebar: its message is the JSON of {code, message, row, field}.
 * @param {string} code one of ERROR_CODES
 * @param {string} message plain words for the person at the sheet
 * @param {Object=} extra row and field, when known
 * @return {Error}
 */
function rensaError(code, message, extra) {
  const body = {
    code: code,
    message: message,
    row: extra && extra.row !== undefined ? extra.row : null,
    field: extra && extra.field !== undefined ? extra.field : null,
  };
  const error = /** @type {Error & {rensa: RensaErrorBody}} */ (new Error(JSON.stringify(body)));
  error.name = 'RensaError';
  error.rensa = body;
  return error;
}
