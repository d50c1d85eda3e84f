"""Which role may use which function. A function is a screen or API capability, not data.

Data-level rules (which rows) live in policy.py; this table only says who gets through the door.
"""

from enum import StrEnum

from .roles import Role


class Function(StrEnum):
    VIEW_PEOPLE = "view_people"
    REGISTER_PERSON = "register_person"
    MANAGE_REFERENCE_DATA = "manage_reference_data"
    MANAGE_USERS = "manage_users"
    APPROVE_ROLE_GRANTS = "approve_role_grants"
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
    APPROVE_SUBJECT_REQUEST_OPENING = "approve_subject_request_opening"
    # --- figures for the house (issue 11) ---
    VIEW_HOUSE_FIGURES = "view_house_figures"
    VIEW_FIGURE_LISTS = "view_figure_lists"
    VIEW_OWN_CASELOAD = "view_own_caseload"
    MANAGE_FIGURE_SETTINGS = "manage_figure_settings"
    VIEW_STEERING_REPORTS = "view_steering_reports"
    MANAGE_STEERING_REPORTS = "manage_steering_reports"
    USE_CO_FINANCING = "use_co_financing"
    VIEW_MAYOR_BRIEFING = "view_mayor_briefing"
    RECORD_ADVICE = "record_advice"
    RECORD_SYSTEM_SIGNALS = "record_system_signals"
    MANAGE_SYSTEM_SIGNALS = "manage_system_signals"
    VIEW_RAISED_SYSTEM_SIGNALS = "view_raised_system_signals"
    # --- the national monitor (issue 13) ---
    KEEP_MONITOR = "keep_monitor"
    VIEW_NATIONAL_MONITOR = "view_national_monitor"
    IMPORT_MONITOR_RECORDS = "import_monitor_records"
    # --- operations (issue 14) ---
    MANAGE_OUTGOING_MAIL = "manage_outgoing_mail"


FUNCTION_ROLES: dict[Function, frozenset[Role]] = {
    Function.REFER: frozenset(
        {Role.PARTNER_PROFESSIONAL, Role.PROCESS_COORDINATOR, Role.CHAIN_MANAGER}
    ),
    Function.VIEW_HOUSE_REFERRALS: frozenset({Role.PROCESS_COORDINATOR, Role.CHAIN_MANAGER}),
    # Preparing sessions and recording decisions is the process coordinator's job.
    Function.TRIAGE: frozenset({Role.PROCESS_COORDINATOR}),
    # Sitting at a triage session as a participant (decision 0152): partner professionals
    # only; the house's own staff see every session through TRIAGE and VIEW_HOUSE_REFERRALS.
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
    # Which conferences and which of their agenda items: conferences/policy.py.
    Function.VIEW_CONFERENCES: frozenset(
        {Role.CHAIN_MANAGER, Role.PROCESS_COORDINATOR, Role.PARTNER_PROFESSIONAL}
    ),
    # Scheduling, agenda, invitations and minutes: the house organises the cooperation.
    Function.PLAN_CONFERENCES: frozenset({Role.PROCESS_COORDINATOR, Role.CHAIN_MANAGER}),
    # Escalations addressed to oneself (and, for house staff, those of the house); which ones
    # is cases/escalation_policy.py. The administrator sees no cases, only these.
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
    # The house's e-mail that is waiting or failed, and sending it again (decision 0187).
    Function.MANAGE_OUTGOING_MAIL: frozenset({Role.FUNCTIONAL_ADMIN}),
    # Four eyes on role grants (decision 0153): another functional administrator approves; the
    # chain manager only where the house has no other one. Which grants: role_grant_policy.py.
    Function.APPROVE_ROLE_GRANTS: frozenset({Role.FUNCTIONAL_ADMIN, Role.CHAIN_MANAGER}),
    Function.VIEW_ACCESS_LOG: frozenset({Role.PRIVACY_OFFICER}),
    # The processing register (art. 30 AVG) of the house, generated from its configuration.
    Function.VIEW_PROCESSING_REGISTER: frozenset({Role.PRIVACY_OFFICER}),
    # Data-subject requests: the privacy officer is the house's one contact point.
    Function.HANDLE_SUBJECT_REQUESTS: frozenset({Role.PRIVACY_OFFICER}),
    # The second pair of eyes before a request's content opens (0154): another privacy officer
    # or the chain manager. Which requests (the house's, not one's own, identity recorded) is
    # subject_requests/policy.py; approving shows the approver no content.
    Function.APPROVE_SUBJECT_REQUEST_OPENING: frozenset({Role.PRIVACY_OFFICER, Role.CHAIN_MANAGER}),
    # --- figures for the house (issue 11, decision 0160) ---
    # The figure pages. The chain manager sees exact figures; everyone else who gets them
    # (the steering group, exports, the API) gets them with small cells suppressed
    # (zvh.figures.suppression); which is authz/figures_policy.py.
    Function.VIEW_HOUSE_FIGURES: frozenset({Role.CHAIN_MANAGER, Role.STEERING_GROUP_MEMBER}),
    # The list of cases or referrals behind a number: the chain manager only, and only the rows
    # the need-to-know rules already let them see.
    Function.VIEW_FIGURE_LISTS: frozenset({Role.CHAIN_MANAGER}),
    # A process coordinator's figures of their own caseload.
    Function.VIEW_OWN_CASELOAD: frozenset({Role.PROCESS_COORDINATOR}),
    # Suppression threshold, the open-case norm, the mayor's briefing: the controller decides.
    Function.MANAGE_FIGURE_SETTINGS: frozenset({Role.CHAIN_MANAGER}),
    Function.VIEW_STEERING_REPORTS: frozenset({Role.CHAIN_MANAGER, Role.STEERING_GROUP_MEMBER}),
    # Generating a report (a frozen snapshot) and writing its narrative.
    Function.MANAGE_STEERING_REPORTS: frozenset({Role.CHAIN_MANAGER}),
    # Who pays beside who uses, per municipality of the house.
    Function.USE_CO_FINANCING: frozenset({Role.CHAIN_MANAGER, Role.STEERING_GROUP_MEMBER}),
    # The mayor's briefing: cases of the municipality's residents on the priority list or
    # escalated to them, as numbers and a traffic light; only where the house enables it.
    Function.VIEW_MAYOR_BRIEFING: frozenset({Role.ADMINISTRATOR}),
    # The advice register (expertise function): consultations that do not become a case.
    Function.RECORD_ADVICE: frozenset({Role.PROCESS_COORDINATOR, Role.CHAIN_MANAGER}),
    # System signals: obstacles in rules, procedures or cooperation found in cases. House staff
    # record them; the chain manager manages them (evidence cases, raising to the steering
    # group, the response); the steering group sees those raised to it, without cases.
    Function.RECORD_SYSTEM_SIGNALS: frozenset({Role.PROCESS_COORDINATOR, Role.CHAIN_MANAGER}),
    Function.MANAGE_SYSTEM_SIGNALS: frozenset({Role.CHAIN_MANAGER}),
    Function.VIEW_RAISED_SYSTEM_SIGNALS: frozenset(
        {Role.CHAIN_MANAGER, Role.STEERING_GROUP_MEMBER}
    ),
    # The house's profile and its yearly questionnaire for the national monitor, and the house
    # beside all houses: the chain manager keeps them (appendix 2b is the chain manager's list).
    Function.KEEP_MONITOR: frozenset({Role.CHAIN_MANAGER}),
    # The national tables and the house records behind them; importing a year's records.
    Function.VIEW_NATIONAL_MONITOR: frozenset({Role.NATIONAL_ANALYST}),
    Function.IMPORT_MONITOR_RECORDS: frozenset({Role.NATIONAL_ANALYST}),
    Function.VIEW_HOUSE_NETWORK: frozenset(
        {
            Role.FUNCTIONAL_ADMIN,
            Role.CHAIN_MANAGER,
            Role.PROCESS_COORDINATOR,
            Role.PARTNER_PROFESSIONAL,
            Role.ADMINISTRATOR,
            Role.PRIVACY_OFFICER,
            Role.STEERING_GROUP_MEMBER,
        }
    ),
}
