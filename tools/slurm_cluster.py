#!/usr/bin/env python3
"""A single-node Slurm of its own for tests: munged, slurmctld and slurmd started in the
foreground as children of this process (no systemd), with a generated slurm.conf, munge key,
state and logs in a given folder, on free ports. `stop()` ends only these daemons.
Used by tools/test_cluster.py (make test-cluster)."""
import os
import socket
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RECIPE = os.path.join(ROOT, "Examples", "slurm", "poolpipe-array.sbatch")
# Small resources for a small node; they override the recipe's #SBATCH lines.
RESOURCES = ["--cpus-per-task=1", "--mem=256M", "--time=00:10:00"]
STARTED = time.monotonic()


def log(msg):
    print(f"[test-cluster {time.monotonic() - STARTED:6.1f}s] {msg}", flush=True)


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def ensure_packages():
    missing = [p for p in ("slurm-wlm", "munge")
               if b"install ok installed" not in subprocess.run(
                   ["dpkg-query", "-W", "-f=${Status}", p], capture_output=True).stdout]
    if not missing:
        return
    log(f"installing {' '.join(missing)}")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(sudo + ["apt-get", "-o", "DPkg::Lock::Timeout=600", "update", "-qq"], check=True, env=env)
    subprocess.run(sudo + ["apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "-qq"] + missing,
                   check=True, env=env, stdout=subprocess.DEVNULL)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """munged, slurmctld and slurmd of our own, on one node."""

    def __init__(self, work):
        self.work = work
        self.procs = []
        self.host = socket.gethostname().split(".")[0]
        self.conf = os.path.join(work, "slurm.conf")
        self.env = dict(os.environ, SLURM_CONF=self.conf)
        for k in list(self.env):
            if k.startswith(("SLURM_", "SBATCH_", "SRUN_", "POOLPIPE_")) and k != "SLURM_CONF":
                del self.env[k]

    def start(self):
        w = self.work
        for d in ("state", "spool", "munge"):
            os.makedirs(os.path.join(w, d), mode=0o700, exist_ok=True)
        key = os.path.join(w, "munge", "munge.key")
        subprocess.run(["mungekey", "--create", "--keyfile", key], check=True)
        os.chmod(key, 0o400)
        sock = os.path.join(w, "munge", "munge.socket")
        self.spawn("munged", ["munged", "--foreground", "--force", f"--socket={sock}", f"--key-file={key}",
                              f"--pid-file={w}/munge/munged.pid", f"--log-file={w}/munge/munged.log",
                              f"--seed-file={w}/munge/munged.seed"])
        self.wait_for(lambda: os.path.exists(sock), 20, "munged's socket")
        cpus = os.cpu_count() or 1
        with open(self.conf, "w") as f:
            f.write(f"""ClusterName=poolpipetest
SlurmctldHost={self.host}(127.0.0.1)
SlurmctldPort={free_port()}
SlurmdPort={free_port()}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={sock}
StateSaveLocation={w}/state
SlurmdSpoolDir={w}/spool
SlurmctldPidFile={w}/slurmctld.pid
SlurmdPidFile={w}/slurmd.pid
SlurmctldLogFile={w}/slurmctld.log
SlurmdLogFile={w}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
MinJobAge=3600
KillWait=5
InactiveLimit=0
NodeName={self.host} NodeAddr=127.0.0.1 CPUs={cpus} RealMemory=1024 State=UNKNOWN
PartitionName=test Nodes={self.host} Default=YES MaxTime=INFINITE State=UP
""")
        self.spawn("slurmctld", ["slurmctld", "-D", "-c", "-f", self.conf])
        self.spawn("slurmd", ["slurmd", "-D", "-f", self.conf])

        def idle():
            r = subprocess.run(["sinfo", "-h", "-o", "%t"], env=self.env, capture_output=True, text=True, timeout=10)
            return r.returncode == 0 and r.stdout.strip() in ("idle", "mix", "alloc")
        self.wait_for(idle, 60, "the node to be idle in sinfo")
        log(f"Slurm up: node {self.host}, {cpus} CPUs, config {self.conf}")

    def spawn(self, name, argv):
        out = open(os.path.join(self.work, f"{name}.out"), "w")
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=self.env, start_new_session=True)
        self.procs.append((name, p))

    def wait_for(self, cond, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, p in self.procs:
                if p.poll() is not None:
                    raise Failure(f"{name} exited with {p.returncode} while waiting for {what}; see {self.work}")
            if cond():
                return
            time.sleep(0.2)
        raise Failure(f"timed out after {timeout} s waiting for {what}; logs in {self.work}")

    def stop(self):
        subprocess.run(["scancel", "--user", str(os.getuid())], env=self.env, capture_output=True, timeout=20)
        for name, p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait(timeout=15)

    def sbatch(self, array, args, env=None, cwd=None):
        e = dict(self.env, **(env or {}))
        r = subprocess.run(["sbatch", "--parsable", f"--array={array}"] + RESOURCES + [RECIPE] + args,
                           env=e, cwd=cwd, capture_output=True, text=True, timeout=30)
        check(r.returncode == 0, f"sbatch failed: {r.stderr}")
        return r.stdout.strip().split(";")[0]

    def tasks(self, job):
        """Array task id -> (state, exit code) from scontrol."""
        r = subprocess.run(["scontrol", "-o", "show", "job", job], env=self.env, capture_output=True, text=True, timeout=20)
        out = {}
        for line in r.stdout.splitlines():
            f = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
            if "ArrayTaskId" in f and f["ArrayTaskId"].isdigit():
                out[int(f["ArrayTaskId"])] = (f.get("JobState"), f.get("ExitCode"))
        return out

    def wait_job(self, job, timeout=300):
        def done():
            r = subprocess.run(["squeue", "-h", "-j", job, "-o", "%i %T %r"], env=self.env, capture_output=True, text=True, timeout=20)
            return r.returncode == 0 and not r.stdout.strip()
        self.wait_for(done, timeout, f"job {job} to finish")
        return self.tasks(job)

    def task_running(self, job, task):
        return self.tasks(job).get(task, ("",))[0] == "RUNNING"
