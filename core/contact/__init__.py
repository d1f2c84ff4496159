"""Who may be contacted: suppression lists (NIX-Telefon, Reservasjonsregisteret, deceased, protected
identities, opt-outs) matched as keyed hashes, consent columns with their dates, and Norway's telephone
sales hours. Pure: lists, key and ``today`` come in as arguments (storage lives in ``functions/``).
"""

from core.contact.assess import Contact, assess
from core.contact.callhours import CallTime, may_call_no, norwegian_holidays
from core.contact.kinds import CHANNELS, KIND_NAMES, KINDS, valid_until
from core.contact.lists import CompactHashes, SuppressionList, hash_values, list_values

__all__ = ["CHANNELS", "KINDS", "KIND_NAMES", "CallTime", "CompactHashes", "Contact", "SuppressionList", "assess",
           "hash_values", "list_values", "may_call_no", "norwegian_holidays", "valid_until"]
