/**
 * Api.gs: the Rensa backend over UrlFetchApp, one function per endpoint. Every call carries the
 * user's Google ID token (ScriptApp.getIdentityToken(), needs the openid scope); the backend verifies
 * it and bills the Google account. The base URL comes from the script property RENSA_API_URL.
 */

/** Used when the script property RENSA_API_URL is not set. */
const DEFAULT_API_URL = 'https://europe-north1-rensa-app.cloudfunctions.net/api';

/**
 * The backend's base URL, without a trailing slash.
 * @return {string}
 */
function apiBaseUrl() {
  const configured = PropertiesService.getScriptProperties().getProperty('RENSA_API_URL');
  return (configured || DEFAULT_API_URL).replace(/\/+$/, '');
}

/**
 * One request to the backend; returns the parsed JSON body or throws a rensaError with the
 * backend's own {code, message, row, field}.
 * @param {GoogleAppsScript.URL_Fetch.HttpMethod} method get, post or delete
 * @param {string} path starting with /v1/
 * @param {Object=} body sent as JSON
 * @param {boolean=} gzip send the body gzip-compressed
 * @return {Object}
 */
function apiRequest(method, path, body, gzip) {
  /** @type {GoogleAppsScript.URL_Fetch.URLFetchRequestOptions} */
  /** @type {Object<string, string>} */
  // Accept-Language: the backend's messages, notes and sentences come in the sidebar's language.
  const headers = { Authorization: `Bearer ${ScriptApp.getIdentityToken()}`, 'Accept-Language': userLanguage() };
  const team = chosenTeam();
  if (team) {
    headers['X-Rensa-Team'] = team;
  }
  const options = {
    method: method,
    headers: headers,
    muteHttpExceptions: true,
  };
  if (body !== undefined) {
    options.contentType = 'application/json';
    options.payload = JSON.stringify(body);
  }
  if (gzip && body !== undefined) {
    // Large bodies (the match columns of a 200,000-row register) go compressed: about a fifth of the bytes.
    options.payload = Utilities.gzip(Utilities.newBlob(String(options.payload), 'application/json')).getBytes();
    options.headers['Content-Encoding'] = 'gzip';
  }
  let response;
  try {
    response = UrlFetchApp.fetch(apiBaseUrl() + path, options);
  } catch (e) {
    // A Google limit (the day's URL Fetch calls used up) is not a network problem: say which it is.
    const limit = googleProblem(userLanguage(), e.message);
    if (limit) {
      throw rensaError(limit.code, limit.message);
    }
    throw rensaError(
      ERROR_CODES.NETWORK,
      t_('Rensa could not be reached ({problem}). Check the connection and try again.', { problem: e.message }),
    );
  }
  const status = response.getResponseCode();
  const text = response.getContentText();
  let data = null;
  try {
    data = text ? JSON.parse(text) : {};
  } catch (_e) {
    data = null;
  }
  if (status >= 200 && status < 300 && data !== null) {
    return data;
  }
  if (data?.code && data.message) {
    if (team && data.code === 'team.not_member') {
      // Removed from the chosen team: forget the choice, so the next call acts on the person's own team.
      PropertiesService.getUserProperties().deleteProperty(KEY_TEAM);
    }
    throw rensaError(data.code, data.message, { row: data.row, field: data.field });
  }
  throw rensaError(
    ERROR_CODES.BAD_RESPONSE,
    t_('Rensa answered with an error (HTTP {status}); try again in a minute.', { status: String(status) }),
  );
}

/**
 * POST /v1/clean: clean (or with dry_run, only measure) a block of rows.
 * @param {{header: Array<string>, rows: Array<Array<string>>, options: Object, dry_run: boolean,
 *     idempotency_key?: string, job_id?: string}} body
 * @return {Object} CleanResult plus usage
 */
function apiClean(body) {
  return apiRequest('post', '/v1/clean', body);
}

/**
 * GET /v1/usage: rows used, free rows and credits left.
 * @return {Object}
 */
function apiUsage() {
  return apiRequest('get', '/v1/usage');
}

/**
 * GET /v1/registers: the caller's connected registers (spreadsheet tabs).
 * @return {Object}
 */
function apiListRegisters() {
  return apiRequest('get', '/v1/registers');
}

/**
 * POST /v1/registers: connect a tab; the backend checks that its service account can open it.
 * @param {Object} body spreadsheet_id, sheet, header_row, status_column
 * @return {Object} the register, with share_with (the service account)
 */
function apiCreateRegister(body) {
  return apiRequest('post', '/v1/registers', body);
}

/**
 * PATCH /v1/registers/{id}: the language upkeep and the bounce flush write this register's sheet in.
 * @param {string} id
 * @param {{language: string}} body
 * @return {Object} the register
 */
function apiUpdateRegister(id, body) {
  return apiRequest('patch', `/v1/registers/${encodeURIComponent(id)}`, body);
}

/**
 * POST /v1/connections: connect a newsletter tool's bounce webhook to a connected register.
 * @param {Object} body provider, register_id, email_column, secrets
 * @return {Object} the connection, with its webhook_url
 */
function apiCreateConnection(body) {
  return apiRequest('post', '/v1/connections', body);
}

/**
 * GET /v1/connections.
 * @return {Object}
 */
function apiListConnections() {
  return apiRequest('get', '/v1/connections');
}

/**
 * GET /v1/connections/{id}: one connection with its event counts and pending and done events.
 * @param {string} id
 * @return {Object}
 */
function apiGetConnection(id) {
  return apiRequest('get', `/v1/connections/${encodeURIComponent(id)}`);
}

/**
 * POST /v1/connections/{id}/flush: write the connection's waiting bounce events into the sheet now.
 * @param {string} id
 * @return {Object} what was applied
 */
function apiFlushConnection(id) {
  return apiRequest('post', `/v1/connections/${encodeURIComponent(id)}/flush`, {});
}

/**
 * DELETE /v1/connections/{id}.
 * @param {string} id
 * @return {Object}
 */
function apiDeleteConnection(id) {
  return apiRequest('delete', `/v1/connections/${encodeURIComponent(id)}`);
}

// ---- teams and billing (issue 13) -------------------------------------------------------------

/** User property holding the team (account id) a person in several teams chose in the sidebar. */
const KEY_TEAM = 'rensa.team';

/**
 * The team this user chose (sent as X-Rensa-Team), or '' for the backend's default (the team they own).
 * A user property: it follows the person across spreadsheets, not the document.
 * @return {string}
 */
function chosenTeam() {
  return PropertiesService.getUserProperties().getProperty(KEY_TEAM) || '';
}

/**
 * GET /v1/team: the team, its members and invitations, the caller's role and other teams.
 * @return {Object}
 */
function apiTeam() {
  return apiRequest('get', '/v1/team');
}

/**
 * POST /v1/team/members: invite a colleague by the Google address they sign in with (owner).
 * @param {{email: string, role?: string}} body
 * @return {Object} the invitation
 */
function apiInviteMember(body) {
  return apiRequest('post', '/v1/team/members', body);
}

/**
 * DELETE /v1/team/members/{id}: remove a member or withdraw an invitation; takes effect at once.
 * @param {string} id
 * @return {Object}
 */
function apiRemoveMember(id) {
  return apiRequest('delete', `/v1/team/members/${encodeURIComponent(id)}`);
}

// ---- clean jobs, duplicates of large registers, usage, tools' secrets (issue 12) ---------------------

/**
 * POST /v1/quotes: what a clean of `rows` billable rows costs now (free rows, credits, money, a sentence).
 * @param {{rows: number, rows_unchanged: number}} body
 * @return {Object}
 */
function apiQuote(body) {
  return apiRequest('post', '/v1/quotes', body);
}

/**
 * POST /v1/jobs: reserve the whole job's rows in one transaction (402 when not covered: nothing starts).
 * @param {{rows: number, rows_unchanged: number, label: string, job_key: string}} body
 * @return {Object} the job (job_id, rows_reserved, ...) and usage
 */
function apiStartJob(body) {
  return apiRequest('post', '/v1/jobs', body);
}

/**
 * POST /v1/jobs/{id}/finish: end the job and release the rows it did not use.
 * @param {string} jobId
 * @param {boolean} cancelled
 * @return {Object}
 */
function apiFinishJob(jobId, cancelled) {
  return apiRequest('post', `/v1/jobs/${encodeURIComponent(jobId)}/finish`, { cancelled: Boolean(cancelled) });
}

/**
 * POST /v1/duplicates, gzip-compressed: the duplicate clusters of the whole register from its match columns.
 * @param {Object} body header, rows, options, job_id
 * @return {Object}
 */
function apiDuplicates(body) {
  return apiRequest('post', '/v1/duplicates', body, true);
}

/**
 * The split duplicate pass of a register larger than one call (Clean.gs splitPass), gzip-compressed:
 * POST /v1/duplicates/keys (a slice: block ids per row, the weights with train), /pairs (a part of whole
 * blocks: likely pairs), /clusters (whole components: clusters and notes).
 * @param {Object} body
 * @return {Object}
 */
function apiDuplicateKeys(body) {
  return apiRequest('post', '/v1/duplicates/keys', body, true);
}

/** @param {Object} body @return {Object} */
function apiDuplicatePairs(body) {
  return apiRequest('post', '/v1/duplicates/pairs', body, true);
}

/** @param {Object} body @return {Object} */
function apiDuplicateClusters(body) {
  return apiRequest('post', '/v1/duplicates/clusters', body, true);
}

/**
 * GET /v1/providers: the tools and the secret each needs, in words.
 * @return {Object}
 */
function apiProviders() {
  return apiRequest('get', '/v1/providers');
}

/**
 * POST /v1/connections/{id}/secrets.
 * @param {string} id
 * @param {Object} secrets
 * @return {Object}
 */
function apiSetConnectionSecrets(id, secrets) {
  return apiRequest('post', `/v1/connections/${encodeURIComponent(id)}/secrets`, { secrets: secrets });
}

// ---- billing (issue 13) -----------------------------------------------------------------------

/**
 * POST /v1/team/invitations/{account_id}: join a team that invited this user's Google address.
 * @param {string} accountId
 * @return {Object} the team joined
 */
function apiAcceptInvitation(accountId) {
  return apiRequest('post', `/v1/team/invitations/${encodeURIComponent(accountId)}`, {});
}

/**
 * POST /v1/billing/checkout: a Stripe Checkout page for a credit pack ({pack}), for the rows a clean
 * needs ({credits}: the smallest pack that covers them), or for paying monthly ({mode: 'monthly'}).
 * @param {{pack?: string, credits?: number, mode?: string}} body
 * @return {{url: string, session_id: string}}
 */
function apiCheckout(body) {
  return apiRequest('post', '/v1/billing/checkout', body);
}

/**
 * POST /v1/billing/portal: a Stripe billing-portal page for invoices, receipts and the card (owner).
 * @return {{url: string}}
 */
function apiBillingPortal() {
  return apiRequest('post', '/v1/billing/portal', {});
}

/** The vocabulary, fetched once per execution (every sidebar call is one execution). */
let vocabularyMemo = null;

/**
 * GET /v1/vocabulary: the words the add-on shows, from the backend (no copies here): column roles,
 * newsletter tools with the secret a user pastes, the status column's header, the cell-note prefix,
 * the sentence templates the add-on fills itself and what the quality score means.
 * @return {{roles: Array<string>, providers: Array<{name: string, title: string, secret: ?string}>,
 *     status_header: string, note_prefix: string, score_meaning: string, sentences: Object<string, string>}}
 */
function apiVocabulary() {
  if (!vocabularyMemo) {
    vocabularyMemo = apiRequest('get', `/v1/vocabulary?language=${encodeURIComponent(userLanguage())}`);
  }
  return vocabularyMemo;
}

/**
 * GET/PUT/DELETE /v1/registers/{id}/upkeep: the register's upkeep schedule (docs/upkeep.md).
 * @param {GoogleAppsScript.URL_Fetch.HttpMethod} method get, put or delete
 * @param {string} registerId
 * @param {Object=} body {frequency, day} for put
 * @return {Object} {upkeep, what_it_does}
 */
function apiUpkeep(method, registerId, body) {
  return apiRequest(method, `/v1/registers/${encodeURIComponent(registerId)}/upkeep`, body);
}

/**
 * GET /v1/registers/{id}/history: the register's quality history (numbers only) and what changed lately.
 * @param {string} registerId
 * @return {Object} {points, since_last}
 */
function apiHistory(registerId) {
  return apiRequest('get', `/v1/registers/${encodeURIComponent(registerId)}/history`);
}

/**
 * POST /v1/registers/{id}/upkeep/run: run upkeep now, charged like a scheduled run.
 * @param {string} registerId
 * @return {Object} {ran, since_last}
 */
function apiUpkeepRun(registerId) {
  return apiRequest('post', `/v1/registers/${encodeURIComponent(registerId)}/upkeep/run`);
}
