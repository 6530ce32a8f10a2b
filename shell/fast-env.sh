# shellcheck shell=bash
# The end of generated/launcher/fast.bash, read only for `gosw env --format` (shell/fast.sh): with
# mounts.sh and gocache.sh now defined, the environment the hook would give a shell here.
__gosw_fast_env "$__gosw_fast_format" || __gosw_fast_fallback "$@"
__gosw_fast_finish
