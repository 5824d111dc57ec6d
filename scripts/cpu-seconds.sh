#!/usr/bin/env bash
# Runs a command in a cgroup of its own and prints the CPU seconds it and every process it started
# used (what `time` misses when a test pool ends its workers without waiting for them). Needs root
# and the cgroup v1 cpuacct controller, as on the development machines:
#   scripts/cpu-seconds.sh npx vitest run --project unit
set -u
group=/sys/fs/cgroup/cpuacct/gradual-cpu-$$
mkdir -p "$group" || exit 1
bash -c "echo \$\$ > $group/cgroup.procs; exec \"\$@\"" _ "$@"
rc=$?
sleep 1 # let processes the command left behind be counted, then end them
echo "cpu-seconds: $(awk '{printf "%.1f", $1/1e9}' "$group/cpuacct.usage")" >&2
for pid in $(cat "$group/cgroup.procs"); do kill -9 "$pid" 2>/dev/null; done
sleep 0.5
rmdir "$group" 2>/dev/null
exit $rc
