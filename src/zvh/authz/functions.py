"""Which role may use which function. A function is a screen or API capability, not data.

Data-level rules (which rows) live in policy.py; this table only says who gets through the door.
"""

from enum import StrEnum

from zvh.network.models import Role


class Function(StrEnum):
    VIEW_PEOPLE = "view_people"
    REGISTER_PERSON = "register_person"
    MANAGE_REFERENCE_DATA = "manage_reference_data"
    MANAGE_USERS = "manage_users"
    VIEW_ACCESS_LOG = "view_access_log"
    VIEW_PROCESSING_REGISTER = "view_processing_register"
    HANDLE_SUBJECT_REQUESTS = "handle_subject_requests"
    VIEW_HOUSE_NETWORK = "view_house_network"
    REFER = "refer"
    VIEW_HOUSE_REFERRALS = "view_house_referrals"
    TRIAGE = "triage"
    TAKE_PART_IN_TRIAGE = "take_part_in_triage"
    CONFIGURE_TRIAGE = "configure_triage"
    CONFIGURE_CASES = "configure_cases"
    CONFIGURE_SHARING = "configure_sharing"
    VIEW_CASES = "view_cases"
    MANAGE_CASES = "manage_cases"
    SET_PLAN = "set_plan"
    VIEW_DELIVERY = "view_delivery"
    VIEW_CONFERENCES = "view_conferences"
    PLAN_CONFERENCES = "plan_conferences"
    MANAGE_COVENANTS = "manage_covenants"
    MANAGE_RETENTION = "manage_retention"
    VIEW_ESCALATIONS = "view_escalations"


FUNCTION_ROLES: dict[Function, frozenset[Role]] = {
    Function.REFER: frozenset(
        {Role.PARTNER_PROFESSIONAL, Role.PROCESS_COORDINATOR, Role.CHAIN_MANAGER}
    ),
    Function.VIEW_HOUSE_REFERRALS: frozenset({Role.PROCESS_COORDINATOR, Role.CHAIN_MANAGER}),
    # Preparing sessions and recording decisions is the process coordinator's job.
    Function.TRIAGE: frozenset({Role.PROCESS_COORDINATOR}),
    # Sitting at a triage session as a participant: a partner professional of a participating
    # organisation (which sessions: visible_triage_sessions). Other roles of such an organisation
    # (the mayor, its administrator) do not need the agenda for their work.
    Function.TAKE_PART_IN_TRIAGE: frozenset({Role.PARTNER_PROFESSIONAL}),
    Function.CONFIGURE_TRIAGE: frozenset({Role.FUNCTIONAL_ADMIN}),
    # Case settings, themes and step-down criteria of the house.
    Function.CONFIGURE_CASES: frozenset({Role.FUNCTIONAL_ADMIN}),
    # Category rules and legal bases: the house's lawful-sharing configuration.
    Function.CONFIGURE_SHARING: frozenset({Role.FUNCTIONAL_ADMIN}),
    # Which cases is the policy's business (visible_cases); this only opens the door.
    Function.VIEW_CASES: frozenset(
        {Role.CHAIN_MANAGER, Role.PROCESS_COORDINATOR, Role.PARTNER_PROFESSIONAL}
    ),
    # Roles, status, participants: the house organises the cooperation.
    Function.MANAGE_CASES: frozenset({Role.PROCESS_COORDINATOR, Role.CHAIN_MANAGER}),
    # The issue: "a plan is set by the process coordinator".
    Function.SET_PLAN: frozenset({Role.PROCESS_COORDINATOR}),
    # Agreements delivered per partner organisation: the chain manager's figures.
    Function.VIEW_DELIVERY: frozenset({Role.CHAIN_MANAGER}),
    # Which conferences and which of their agenda items: authz/conference_policy.py.
    Function.VIEW_CONFERENCES: frozenset(
        {Role.CHAIN_MANAGER, Role.PROCESS_COORDINATOR, Role.PARTNER_PROFESSIONAL}
    ),
    # Scheduling, agenda, invitations and minutes: the house organises the cooperation.
    Function.PLAN_CONFERENCES: frozenset({Role.PROCESS_COORDINATOR, Role.CHAIN_MANAGER}),
    # Escalations addressed to oneself (and, for house staff, those of the house); which ones
    # is authz/escalation_policy.py. The administrator sees no cases, only these.
    Function.VIEW_ESCALATIONS: frozenset(
        {Role.CHAIN_MANAGER, Role.PROCESS_COORDINATOR, Role.ADMINISTRATOR}
    ),
    # Covenants and the confidentiality declaration of the house.
    Function.MANAGE_COVENANTS: frozenset({Role.CHAIN_MANAGER}),
    # The house's retention terms: a decision of the controller, like its covenants.
    Function.MANAGE_RETENTION: frozenset({Role.CHAIN_MANAGER}),
    Function.VIEW_PEOPLE: frozenset(
        {Role.CHAIN_MANAGER, Role.PROCESS_COORDINATOR, Role.PARTNER_PROFESSIONAL}
    ),
    # House staff register persons directly; partners do so through a referral.
    Function.REGISTER_PERSON: frozenset({Role.CHAIN_MANAGER, Role.PROCESS_COORDINATOR}),
    Function.MANAGE_REFERENCE_DATA: frozenset({Role.FUNCTIONAL_ADMIN}),
    Function.MANAGE_USERS: frozenset({Role.FUNCTIONAL_ADMIN}),
    Function.VIEW_ACCESS_LOG: frozenset({Role.PRIVACY_OFFICER}),
    # The processing register (art. 30 AVG) of the house, generated from its configuration.
    Function.VIEW_PROCESSING_REGISTER: frozenset({Role.PRIVACY_OFFICER}),
    # Data-subject requests: the privacy officer is the house's one contact point.
    Function.HANDLE_SUBJECT_REQUESTS: frozenset({Role.PRIVACY_OFFICER}),
    Function.VIEW_HOUSE_NETWORK: frozenset(
        {
            Role.FUNCTIONAL_ADMIN,
            Role.CHAIN_MANAGER,
            Role.PROCESS_COORDINATOR,
            Role.PARTNER_PROFESSIONAL,
            Role.ADMINISTRATOR,
            Role.PRIVACY_OFFICER,
        }
    ),
}
