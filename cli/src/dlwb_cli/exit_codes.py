"""``dlwb``'s exit codes."""

OK = 0
JOB_FAILED = 1
USAGE = 2
API_ERROR = 3
UNREACHABLE = 4
SYSTEM_FAILED = 5
