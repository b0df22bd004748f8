#!/usr/bin/env python3
"""make test-cluster: the Slurm recipe on a real single-node Slurm, checked byte for byte.

Installs slurm-wlm and munge when missing, starts munged, slurmctld and slurmd (no systemd:
the daemons run in the foreground as children of this script, with a generated slurm.conf,
munge key and state in a temporary folder, on free ports), then submits
Examples/slurm/poolpipe-array.sbatch unmodified, resources given on the sbatch command line,
and checks each scenario against an unsharded `poolpipe run` of the same inputs: the same
files with the same bytes, the manifests partitioning the inputs (input with key P is in
manifest-K-of-N.jsonl exactly when FNV-1a(P) mod N = K), no temporaries left, and
`poolpipe status` exiting 0. It stops only the daemons it started (and cancels its jobs).

Usage: tools/test_cluster.py --poolpipe .build/debug/poolpipe [--keep]
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from slurm_cluster import RECIPE, STARTED, Cluster, Failure, check, ensure_packages, log


def fnv1a(text):
    h = 0xcbf29ce484222325
    for b in text.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def poolpipe_pid(binary, job, task):
    """The pid of the poolpipe that array task `task` of `job` runs, from /proc; or None."""
    real = os.path.realpath(binary)
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.path.realpath(f"/proc/{pid}/exe") != real:
                continue
            env = open(f"/proc/{pid}/environ", "rb").read().split(b"\0")
        except OSError:
            continue
        if f"SLURM_ARRAY_JOB_ID={job}".encode() in env and f"SLURM_ARRAY_TASK_ID={task}".encode() in env:
            return int(pid)
    return None


def records(path):
    """The JSON objects of a manifest, ignoring a cut line."""
    out = []
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


def last_run_records(path):
    """The input records after the manifest's last run record."""
    recs = records(path)
    last = max((i for i, r in enumerate(recs) if "run" in r), default=-1)
    return [r for r in recs[last + 1:] if "input" in r]


class Scenarios:
    def __init__(self, cluster, binary, work):
        self.c = cluster
        self.binary = binary
        self.work = work
        self.inputs = os.path.join(work, "dataset")
        self.keys = []
        self.ref = os.path.join(work, "reference")
        self.results = []

    def make_dataset(self, count=96):
        import numpy as np
        from PIL import Image
        rng = np.random.default_rng(17)
        for i in range(count):
            rel = f"{['cats', 'dogs', 'wild life'][i % 3]}/{'sub/' if i % 4 == 0 else ''}img{i:03d}.{'png' if i % 2 == 0 else 'jpg'}"
            path = os.path.join(self.inputs, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            h, w = int(rng.integers(600, 1000)), int(rng.integers(800, 1300))
            y, x = np.ogrid[0:h, 0:w]
            texture = (x * y + 13 * i) % 41
            img = np.stack(np.broadcast_arrays(x * 200 // w + texture, y * 200 // h + texture, (x + y + 7 * i) % 256), -1)
            img = img.clip(0, 255).astype("uint8")
            Image.fromarray(img).save(path, **({"quality": 90} if path.endswith(".jpg") else {"compress_level": 1}))
            self.keys.append(rel)

    def recipe_defaults(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("POOLPIPE_")}
        script = ('eval "$(grep -E \'^(STAGES|FORMAT)=\' "$1")"; printf "%s\\n%s" "$STAGES" "$FORMAT"')
        out = subprocess.run(["bash", "-c", script, "-", RECIPE], env=env, capture_output=True, text=True, check=True).stdout
        stages, fmt = out.split("\n")
        return stages, fmt

    def reference(self):
        stages, fmt = self.recipe_defaults()
        r = subprocess.run([self.binary, "run", self.inputs, "-o", self.ref, "--stages", stages, "--format", fmt,
                            "--quiet"], capture_output=True, text=True, timeout=600)
        check(r.returncode == 0, f"the unsharded reference run failed: {r.stderr}")
        log(f"reference: unsharded run of {len(self.keys)} inputs ({stages!r}, {fmt}): {r.stdout.strip()}")

    def out(self, name):
        return os.path.join(self.work, name)

    def submit(self, name, array, env=None, wait=True):
        e = dict({"POOLPIPE": self.binary}, **(env or {}))
        job = self.c.sbatch(array, [self.inputs, self.out(name)], env=e, cwd=self.work)
        if not wait:
            return job, None
        return job, self.c.wait_job(job)

    def outputs(self, folder):
        files = {}
        for d, _, names in os.walk(folder):
            for n in names:
                rel = os.path.relpath(os.path.join(d, n), folder)
                if d == folder and n.startswith("manifest"):
                    continue
                files[rel] = open(os.path.join(d, n), "rb").read()
        return files

    def verify(self, name, n, extra_manifests=()):
        """OUT equals the reference byte for byte, its layout-N manifests partition the inputs,
        nothing is left over, and poolpipe status says complete."""
        out = self.out(name)
        got, want = self.outputs(out), self.outputs(self.ref)
        temps = [f for f in got if os.path.basename(f).startswith(".")]
        check(not temps, f"{name}: temporaries left: {temps}")
        check(sorted(got) == sorted(want), f"{name}: files differ from the unsharded run: "
              f"missing {sorted(set(want) - set(got))[:5]}, extra {sorted(set(got) - set(want))[:5]}")
        differ = [f for f in want if got[f] != want[f]]
        check(not differ, f"{name}: {len(differ)} outputs differ in bytes from the unsharded run, e.g. {differ[:3]}")
        manifests = sorted(f for f in os.listdir(out) if f.startswith("manifest"))
        expected = sorted([f"manifest-{k}-of-{n}.jsonl" for k in range(n)] + list(extra_manifests))
        check(manifests == expected, f"{name}: manifests {manifests}, expected {expected}")
        seen = {}
        for k in range(n):
            for r in records(os.path.join(out, f"manifest-{k}-of-{n}.jsonl")):
                if "input" in r:
                    seen.setdefault(os.path.relpath(r["input"], self.inputs), set()).add(k)
        for key in self.keys:
            check(seen.get(key) == {fnv1a(key) % n}, f"{name}: {key} is in shards {sorted(seen.get(key, []))}, "
                  f"expected only {fnv1a(key) % n} of {n}")
        check(set(seen) == set(self.keys), f"{name}: manifests name unknown inputs {sorted(set(seen) - set(self.keys))[:3]}")
        st = subprocess.run([self.binary, "status", out, "--json"], capture_output=True, text=True, timeout=60)
        status = json.loads(st.stdout)
        check(st.returncode == 0 and status["complete"] and status["total"]["done"] == len(self.keys),
              f"{name}: poolpipe status says {status['total']} (exit {st.returncode})")
        return status

    def expect_tasks(self, name, tasks, want):
        states = {t: s for t, (s, _) in tasks.items()}
        check(states == want, f"{name}: task states {states}, expected {want}")

    def stop_midway(self, name, job, task, manifest):
        """Waits until `task` has recorded an input, then freezes its poolpipe (SIGSTOP) and
        returns its pid, with the shard part-done."""
        deadline = time.monotonic() + 240
        polls = 0
        while time.monotonic() < deadline:
            polls += 1
            recs = [r for r in records(manifest) if "input" in r]
            pid = poolpipe_pid(self.binary, job, task) if recs else None
            if recs and pid:
                os.kill(pid, signal.SIGSTOP)
                done = len([r for r in records(manifest) if "input" in r])
                run = [r["run"] for r in records(manifest) if "run" in r][-1]
                check(done < run["inputs"], f"{name}: task {task} finished its {run['inputs']} inputs before it "
                      f"could be stopped; the dataset is too small for this machine")
                log(f"{name}: task {task} (pid {pid}) stopped after {done} of {run['inputs']} inputs")
                return pid
            if polls % 50 == 0:
                states = self.c.tasks(job)
                check(states.get(task, ("PENDING",))[0] in ("PENDING", "RUNNING", "CONFIGURING"),
                      f"{name}: task {task} ended ({states.get(task)}) before it could be stopped")
            time.sleep(0.01)
        raise Failure(f"{name}: task {task} never started recording")

    def run_all(self):
        # 1. A fresh array.
        job, t = self.submit("fresh", "0-3")
        self.expect_tasks("fresh", t, {k: "COMPLETED" for k in range(4)})
        self.verify("fresh", 4)
        self.passed("fresh array --array=0-3: 4 shards equal the unsharded run")

        # 2. Rerun: every task skips everything.
        job, t = self.submit("fresh", "0-3")
        self.expect_tasks("rerun", t, {k: "COMPLETED" for k in range(4)})
        self.verify("fresh", 4)
        recs = [r for k in range(4) for r in last_run_records(os.path.join(self.out("fresh"), f"manifest-{k}-of-4.jsonl"))]
        check(len(recs) == len(self.keys) and all(r["status"] == "skipped" for r in recs),
              f"rerun: expected {len(self.keys)} skipped records, got {[r['status'] for r in recs].count('skipped')} skipped of {len(recs)}")
        self.passed("rerun of the array: all inputs skipped")

        # 3. Deleted outputs are redone, nothing else.
        gone = sorted(self.outputs(self.ref))[::19]
        for f in gone:
            os.remove(os.path.join(self.out("fresh"), f))
        job, t = self.submit("fresh", "0-3")
        self.expect_tasks("deleted", t, {k: "COMPLETED" for k in range(4)})
        self.verify("fresh", 4)
        recs = [r for k in range(4) for r in last_run_records(os.path.join(self.out("fresh"), f"manifest-{k}-of-4.jsonl"))]
        redone = sorted(os.path.relpath(r["output"], os.path.realpath(self.out("fresh"))) for r in recs if r["status"] == "ok")
        check(redone == gone, f"deleted: redone {redone}, expected {gone}")
        self.passed(f"{len(gone)} deleted outputs redone, the rest skipped")

        # 4. A non-zero start: --array=5-8 is shards 0..3 of 4.
        job, t = self.submit("offset", "5-8")
        self.expect_tasks("offset", t, {k: "COMPLETED" for k in range(5, 9)})
        self.verify("offset", 4)
        self.passed("non-zero start --array=5-8: shards 0..3 of 4")

        # 5. A stepped array: --array=0-6:2 is shards 0..3 of 4.
        job, t = self.submit("stepped", "0-6:2")
        self.expect_tasks("stepped", t, {k: "COMPLETED" for k in (0, 2, 4, 6)})
        self.verify("stepped", 4)
        self.passed("stepped array --array=0-6:2: shards 0..3 of 4")

        # 6. scancel of one running task, then the whole array again.
        job, _ = self.submit("scancel", "0-3", wait=False)
        pid = self.stop_midway("scancel", job, 1, os.path.join(self.out("scancel"), "manifest-1-of-4.jsonl"))
        subprocess.run(["scancel", f"{job}_1"], env=self.c.env, check=True, timeout=20)
        t = self.c.wait_job(job)
        check(t[1][0] == "CANCELLED", f"scancel: task 1 is {t[1]}, expected CANCELLED")
        st = subprocess.run([self.binary, "status", self.out("scancel")], capture_output=True, text=True, timeout=60)
        check(st.returncode == 3, f"scancel: poolpipe status exit {st.returncode} after the cancel, expected 3 (pending):\n{st.stdout}")
        log("scancel: status after the cancel:\n" + st.stdout.rstrip())
        job, t = self.submit("scancel", "0-3")
        self.expect_tasks("scancel resubmit", t, {k: "COMPLETED" for k in range(4)})
        self.verify("scancel", 4)
        self.passed("scancel of task 1 mid-run, then the array resubmitted")

        # 7. kill -9 of one task's poolpipe, then that shard alone (POOLPIPE_SHARDS=4 --array=2).
        job, _ = self.submit("kill9", "0-3", wait=False)
        pid = self.stop_midway("kill9", job, 2, os.path.join(self.out("kill9"), "manifest-2-of-4.jsonl"))
        os.kill(pid, signal.SIGKILL)
        t = self.c.wait_job(job)
        check(t[2][0] == "FAILED", f"kill9: task 2 is {t[2]}, expected FAILED")
        st = subprocess.run([self.binary, "status", self.out("kill9")], capture_output=True, text=True, timeout=60)
        check(st.returncode == 3, f"kill9: poolpipe status exit {st.returncode}, expected 3 (pending)")
        # Leftover temporaries of another host (an hour old): shard 2 removes those of its own
        # outputs and leaves shard 0's alone.
        out = self.out("kill9")
        planted = {}
        for shard in (2, 0):
            key = next(k for k in self.keys if fnv1a(k) % 4 == shard)
            rel = os.path.splitext(key)[0] + ".npy"
            os.makedirs(os.path.dirname(os.path.join(out, rel)), exist_ok=True)
            tmp = os.path.join(out, os.path.dirname(rel), f".{os.path.basename(rel)}.tmp-othernode-4242-1")
            with open(tmp, "wb") as f:
                f.write(b"partial")
            os.utime(tmp, (time.time() - 3600, time.time() - 3600))
            planted[shard] = tmp
        job, t = self.submit("kill9", "2", env={"POOLPIPE_SHARDS": "4"})
        self.expect_tasks("kill9 resubmit", t, {2: "COMPLETED"})
        check(not os.path.exists(planted[2]), "kill9: shard 2 left another host's stale temporary of its own output")
        check(os.path.exists(planted[0]), "kill9: shard 2 removed a temporary of shard 0's output")
        os.remove(planted[0])
        self.verify("kill9", 4)
        self.passed("kill -9 of task 2's poolpipe, then POOLPIPE_SHARDS=4 sbatch --array=2 "
                    "(its stale temporaries from any host removed, shard 0's kept)")

        # 8. Single-index resubmission: shards 0, 2, 3 of 4 (a partial list), then task 1
        #    resubmitted alone without POOLPIPE_SHARDS: shard 0 of 1 redoes only shard 1's inputs.
        job, t = self.submit("single", "0,2,3", env={"POOLPIPE_SHARDS": "4"})
        self.expect_tasks("single", t, {k: "COMPLETED" for k in (0, 2, 3)})
        job, t = self.submit("single", "1")
        self.expect_tasks("single resubmit", t, {1: "COMPLETED"})
        whole = records(os.path.join(self.out("single"), "manifest-0-of-1.jsonl"))
        ok_keys = sorted(os.path.relpath(r["input"], self.inputs) for r in whole if r.get("status") == "ok")
        want = sorted(k for k in self.keys if fnv1a(k) % 4 == 1)
        check(ok_keys == want, f"single: shard 0 of 1 redid {len(ok_keys)} inputs, expected shard 1's {len(want)}")
        check(len([r for r in whole if r.get("status") == "skipped"]) == len(self.keys) - len(want),
              "single: shard 0 of 1 did not skip the other shards' inputs")
        got, ref = self.outputs(self.out("single")), self.outputs(self.ref)
        check(got == ref, "single: outputs differ from the unsharded run")
        st = subprocess.run([self.binary, "status", self.out("single")], capture_output=True, text=True, timeout=60)
        check(st.returncode == 0, f"single: poolpipe status exit {st.returncode}:\n{st.stdout}")
        self.passed("single-index resubmission: POOLPIPE_SHARDS=4 --array=0,2,3, then --array=1 alone (shard 0 of 1) redoes only shard 1")

    def passed(self, what):
        self.results.append(what)
        log(f"PASS {what}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--poolpipe", required=True, help="the poolpipe binary to test")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, outputs)")
    args = ap.parse_args()
    binary = os.path.abspath(args.poolpipe)
    if not os.access(binary, os.X_OK):
        sys.exit(f"test-cluster: {binary} is not an executable")
    if os.geteuid() != 0:
        sys.exit("test-cluster: run as root: it starts munged, slurmctld and slurmd of its own")
    ensure_packages()
    work = tempfile.mkdtemp(prefix="poolpipe-cluster-")
    os.chmod(work, 0o755)
    cluster = Cluster(work)
    failed = None
    try:
        cluster.start()
        s = Scenarios(cluster, binary, work)
        s.make_dataset()
        s.reference()
        s.run_all()
    except (Failure, subprocess.SubprocessError, OSError) as e:
        failed = e
    finally:
        cluster.stop()
    if failed:
        log(f"FAIL {failed}")
        log(f"logs and outputs kept in {work}")
        for name in ("slurmctld.log", "slurmd.log"):
            p = os.path.join(work, name)
            if os.path.exists(p):
                print(f"--- last lines of {name}:\n" + "".join(open(p).readlines()[-15:]), flush=True)
        sys.exit(1)
    log(f"all {len(s.results)} scenarios passed in {time.monotonic() - STARTED:.0f} s")
    if args.keep:
        log(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
