"""Staff roles (AD2). Residents have no group; staff belong to one or more of these."""

AGENT = "Agent"
CASEWORKER = "Caseworker"
COUNCILLOR = "Councillor"
MEMBER_SUPPORT = "Member support officer"
ADMINISTRATOR = "Administrator"

STAFF_ROLES = [AGENT, CASEWORKER, COUNCILLOR, MEMBER_SUPPORT, ADMINISTRATOR]
