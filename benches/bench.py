#!/usr/bin/env python3
"""The stackc benchmark (issue 7). Run through `bash benches/run.sh`, which
builds stackc, installs the tools and passes the paths here.

Phases, each writing JSON under target/bench/:
- compile: stackc compose|bash|argv and `docker-compose config` on
  generated stacks, whole processes, timed by hyperfine in rounds (each
  round runs every command once more, in a rotated order, so that the
  shared machine's noise falls on all of them alike), peak RSS by GNU time;
- scripts: docker invocations of a generated up.sh, cold and no-op, with a
  fake docker that counts its calls;
- engine: wall time of up.sh against `docker compose up -d --wait` on the
  real engine, cold and no-op, interleaved;
- profile: callgrind of stackc at the largest size.
Then benches/report.py writes docs/performance.md and docs/performance.svg.
"""

import argparse
import json
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "target", "bench")
IMAGE = "stackc-test-busybox:1"
PROJECT_LABEL = "com.docker.compose.project"
COMMANDS = ["compose", "bash", "argv"]


def log(*a):
    print("bench:", *a, file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def gen(n, out, flavour="compile", name="bench", port_base=20000):
    run([sys.executable, os.path.join(HERE, "gen.py"), "--services", str(n), "--out", out,
         "--flavour", flavour, "--name", name, "--port-base", str(port_base)])


def save(name, data):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


# ---------------------------------------------------------------- compile

def stackc_runs(n, quick):
    if n <= 300:
        return 3, 20 if not quick else 10
    if n <= 3000:
        return 1, 5
    return 1, 3 if not quick else 2


def compose_runs(n):
    if n <= 100:
        return 1, 5
    if n <= 1000:
        return 1, 3
    return 0, 1


def hyperfine(cmd, warmup, runs, export):
    p = subprocess.run(["hyperfine", "--shell=none", "--style=none", f"--warmup={warmup}",
                        f"--runs={runs}", f"--export-json={export}", cmd],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"bench: hyperfine {cmd} failed:\n{p.stderr}")
    with open(export, encoding="utf-8") as f:
        r = json.load(f)["results"][0]
    return {"times": r["times"], "user": r["user"], "system": r["system"]}


def peak_rss(argv, out):
    """Peak RSS in KiB and elapsed seconds of one run, by GNU time."""
    run(["/usr/bin/time", "-f", "%M %e", "-o", out, *argv], stdout=subprocess.DEVNULL)
    with open(out, encoding="utf-8") as f:
        kib, secs = f.read().split()[-2:]
    return int(kib), float(secs)


def compile_phase(a, work):
    sizes = sorted(set(a.sizes) | set(a.stackc_sizes))
    results = {"sizes": sizes, "compose_sizes": a.sizes, "rounds": a.rounds, "runs": {}}
    tmp = os.path.join(work, "hf.json")
    memf = os.path.join(work, "time.txt")
    for n in sizes:
        d = os.path.join(work, f"stack-{n}")
        gen(n, d)
        toml, yaml = os.path.join(d, "stack.toml"), os.path.join(d, "compose.yaml")
        # Both files must be accepted, and describe the same stack.
        for c in COMMANDS:
            run([a.stackc, "-f", toml, c], stdout=subprocess.DEVNULL)
        tools = {c: [a.stackc, "-f", toml, c] for c in COMMANDS}
        if n in a.sizes:
            tools["docker-compose config"] = [a.compose, "-f", yaml, "config"]
            if n == min(a.sizes):
                check_equivalent(a, d)
        rows = {t: {"times": [], "user": [], "system": [], "rss_kib": [], "round_medians": []}
                for t in tools}
        order = list(tools)
        log(f"compile: {n} services, {a.rounds} rounds of {', '.join(order)}")
        for r in range(a.rounds):
            rot = order[r % len(order):] + order[:r % len(order)]
            for t in rot:
                warm, runs = compose_runs(n) if t.startswith("docker") else stackc_runs(n, a.quick)
                if r > 0:
                    warm = min(warm, 1)
                h = hyperfine(" ".join(tools[t]), warm, runs, tmp)
                row = rows[t]
                row["times"] += h["times"]
                row["user"].append(h["user"])
                row["system"].append(h["system"])
                row["round_medians"].append(median(h["times"]))
                kib, _ = peak_rss(tools[t], memf)
                row["rss_kib"].append(kib)
        results["runs"][str(n)] = {
            "bytes": {"stack.toml": os.path.getsize(toml), "compose.yaml": os.path.getsize(yaml)},
            "tools": rows,
        }
        save("compile.json", results)
    return results


def check_equivalent(a, d):
    """`docker-compose config` of the generated compose.yaml and of stackc's
    compose output agree (but for the empty `volume: {}` that compose
    writes for the short mount syntax)."""
    ours = os.path.join(d, "stackc-compose.yaml")
    run([a.stackc, "-f", os.path.join(d, "stack.toml"), "compose", "-o", ours])
    outs = []
    for f in (os.path.join(d, "compose.yaml"), ours):
        text = run([a.compose, "-f", f, "config"], capture_output=True, text=True).stdout
        outs.append([l for l in text.splitlines() if l.strip() != "volume: {}"])
    if outs[0] != outs[1]:
        sys.exit("bench: the generated compose.yaml and stackc's compose output differ "
                 f"after `docker-compose config` (in {d})")


def median(xs):
    s = sorted(xs)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


# ---------------------------------------------------------------- scripts

def read_nul_log(path):
    with open(path, "rb") as f:
        parts = f.read().split(b"\0")
    cmds, i = [], 0
    while i < len(parts) - 1:
        n = int(parts[i])
        cmds.append([p.decode() for p in parts[i + 1:i + 1 + n]])
        i += 1 + n
    return cmds


def fill_state(state, cmds):
    """The fake engine after `up`: what the logged commands created."""
    ps, nets, vols = [], [], []
    for c in cmds:
        if c[1] == "create":
            get = lambda p: next(x[len(p):] for x in c if x.startswith(p))
            # As `docker ps` shows a container whose healthcheck passed.
            health = any(x.startswith("--health-cmd=") for x in c)
            status = "Up 1 minute (healthy)" if health else "Up 1 minute"
            sealed = next((x[len("--label=io.stackc.secrets="):] for x in c
                           if x.startswith("--label=io.stackc.secrets=")), "")
            # The engine shows the reference it was created from (the first
            # word after the flags). Fields apart by 0x1f, as `docker ps
            # --format` of the script's read of the state gives them.
            image = next(x for x in c[2:] if not x.startswith("--"))
            ps.append("\x1f".join([get("--name="), "running", status,
                                   get("--label=io.stackc.config-hash="),
                                   get("--label=io.stackc.config-fields="), sealed, image]))
        elif c[1:3] == ["network", "create"]:
            nets.append(c[-1])
        elif c[1:3] == ["volume", "create"]:
            vols.append(c[-1])
    for name, lines in (("ps", ps), ("network", nets), ("volume", vols), ("image", [])):
        with open(os.path.join(state, name), "w", encoding="utf-8") as f:
            f.write("".join(l + "\n" for l in lines))


def fake_run(a, script, fake_dir, state):
    for f in ("calls", "log"):
        open(os.path.join(fake_dir, f), "w").close()
    env = dict(os.environ, PATH=os.path.join(HERE, "fake-docker") + ":" + os.environ["PATH"],
               FAKE_DIR=fake_dir, FAKE_STATE=state)
    t0 = time.monotonic()
    run(["bash", script], env=env, stdout=subprocess.DEVNULL)
    elapsed = time.monotonic() - t0
    with open(os.path.join(fake_dir, "calls"), encoding="utf-8") as f:
        calls = [l.split()[0] if l.split() else "" for l in f]
    by = {}
    for c in calls:
        by[c] = by.get(c, 0) + 1
    return {"calls": len(calls), "by_command": by, "seconds": elapsed,
            "changes": read_nul_log(os.path.join(fake_dir, "log"))}


def scripts_phase(a, work):
    results = {"sizes": a.script_sizes, "runs": {}}
    for n in a.script_sizes:
        d = os.path.join(work, f"script-{n}")
        gen(n, d)
        script = os.path.join(d, "up.sh")
        run([a.stackc, "-f", os.path.join(d, "stack.toml"), "bash", "-o", script])
        fake_dir, state = os.path.join(d, "fake"), os.path.join(d, "fake", "state")
        os.makedirs(state, exist_ok=True)
        cold = fake_run(a, script, fake_dir, state)
        fill_state(state, cold["changes"])
        noop = fake_run(a, script, fake_dir, state)
        if noop["changes"]:
            sys.exit(f"bench: the no-op re-run of {n} services changed something: {noop['changes'][:3]}")
        row = {}
        for k, r in (("cold", cold), ("noop", noop)):
            row[k] = {"calls": r["calls"], "by_command": r["by_command"], "seconds": r["seconds"],
                      "changes": len(r["changes"])}
        results["runs"][str(n)] = row
        log(f"scripts: {n} services: cold up {cold['calls']} docker calls, no-op {noop['calls']}")
    save("scripts.json", results)
    return results


# ---------------------------------------------------------------- engine

def docker_out(*args):
    return subprocess.run(["docker", *args], check=True, capture_output=True, text=True).stdout


def ensure_image(work):
    if subprocess.run(["docker", "image", "inspect", IMAGE], capture_output=True).returncode == 0:
        return "reused"
    # As tests/support/engine.rs builds it: FROM scratch around a static busybox.
    busybox = os.environ.get("STACKC_BUSYBOX", "/bin/busybox")
    ctx = os.path.join(work, "image")
    os.makedirs(ctx, exist_ok=True)
    shutil.copy(os.path.join(ROOT, "fixtures/engine/busybox/Dockerfile"), ctx)
    shutil.copy(busybox, os.path.join(ctx, "busybox"))
    os.chmod(os.path.join(ctx, "busybox"), 0o755)
    run(["docker", "build", "--quiet", "--force-rm", "--tag", IMAGE,
         "--label", "org.stackc.test-image=1", ctx], stdout=subprocess.DEVNULL)
    return "built"


def cleanup(name):
    """Remove every container, network and volume of project `name`."""
    f = f"label={PROJECT_LABEL}={name}"
    for ls, rm in ((["ps", "--all", "--quiet"], ["rm", "--force", "--volumes"]),
                   (["network", "ls", "--quiet"], ["network", "rm"]),
                   (["volume", "ls", "--quiet"], ["volume", "rm", "--force"])):
        try:
            ids = docker_out(*ls, "--filter", f).split()
        except subprocess.CalledProcessError:
            continue
        if ids:
            subprocess.run(["docker", *rm, *ids], capture_output=True)


def free_port_base(count):
    rnd = random.Random()
    for _ in range(200):
        base = rnd.randrange(30000, 60000 - count)
        ok = True
        for p in range(base, base + count):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", p))
                except OSError:
                    ok = False
                    break
        if ok:
            return base
    sys.exit("bench: no range of free host ports")


def timed(cmd, cwd, env):
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    dt = time.monotonic() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{cmd} exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
    return dt


def compare(a, d, name, label):
    """Cold and no-op `up` of the stack in `d` by up.sh and by compose
    (stackc's compose output), in rounds alternating which goes first."""
    toml = os.path.join(d, "stack.toml")
    up = os.path.join(d, "up.sh")
    ours = os.path.join(d, "stackc-compose.yaml")
    run([a.stackc, "-f", toml, "bash", "-o", up])
    run([a.stackc, "-f", toml, "compose", "-o", ours])
    env = dict(os.environ, STACKC_HEALTH_TIMEOUT="120", NO_COLOR="1")
    tools = {
        "up.sh": ["bash", up],
        "docker compose up -d --wait": [a.compose, "-f", ours, "-p", name, "up", "-d", "--wait"],
    }
    rows = {t: {"cold": [], "noop": []} for t in tools}
    try:
        for r in range(a.engine_rounds):
            order = list(tools) if r % 2 == 0 else list(tools)[::-1]
            for t in order:
                cleanup(name)
                rows[t]["cold"].append(timed(tools[t], d, env))
                for _ in range(a.noop_runs):
                    rows[t]["noop"].append(timed(tools[t], d, env))
                log(f"engine ({label}): round {r + 1}, {t}: cold {rows[t]['cold'][-1]:.2f} s, "
                    f"no-op {rows[t]['noop'][-1]:.2f} s")
        counts = real_counts(a, d, up, env, name) if label == "tree" else None
    finally:
        cleanup(name)
    return rows, counts


def engine_phase(a, work):
    if subprocess.run(["docker", "info"], capture_output=True).returncode != 0:
        log("engine: no Docker engine answers `docker info`; skipped")
        return None
    image = ensure_image(work)
    n = a.engine_services
    name = f"stackc-bench-{os.getpid()}"
    d = os.path.join(work, "engine")
    gen(n, d, flavour="engine", name=name, port_base=free_port_base(n))
    log(f"engine: {n} services of {IMAGE} ({image}), project {name}, {a.engine_rounds} rounds")
    rows, counts = compare(a, d, name, "tree")
    b = os.path.join(work, "branches")
    gen(8, b, flavour="branches", name=name)
    branches, _ = compare(a, b, name, "branches")
    rolling = rolling_phase(a, work, name)
    info = docker_out("version", "--format", "{{.Server.Version}}").strip()
    cver = subprocess.run([a.compose, "version", "--short"], capture_output=True, text=True).stdout.strip()
    result = {"services": n, "image": IMAGE, "rounds": a.engine_rounds, "noop_runs": a.noop_runs,
              "engine_version": info, "compose_version": cver, "tools": rows, "counts": counts,
              "branches": {"tools": branches}, "rolling": rolling}
    save("engine.json", result)
    return result


PROBE = ("while :; do if wget -q -O /dev/null http://web:8080/ || wget -q -O /dev/null "
         "http://web:8080/; then echo ok; else echo FAIL; fi; sleep 0.05; done")


def probe_counts(probe):
    logs = docker_out("logs", probe).split()
    return logs.count("ok"), logs.count("FAIL")


def rolling_phase(a, work, name):
    """A changed VERSION on three replicas: the update by up.sh (one replica
    at a time) and by compose, timed, while a probe container on the stack's
    network requests the service by its alias every 50 ms (one immediate
    retry) and counts the requests that failed."""
    d = os.path.join(work, "rolling")
    gen(3, d, flavour="rolling", name=name)
    toml, up, ours = (os.path.join(d, f) for f in ("stack.toml", "up.sh", "stackc-compose.yaml"))
    run([a.stackc, "-f", toml, "bash", "-o", up])
    run([a.stackc, "-f", toml, "compose", "-o", ours])
    probe = f"{name}-probe"
    tools = {
        "up.sh": ["bash", up],
        "docker compose up -d --wait": [a.compose, "-f", ours, "-p", name, "up", "-d", "--wait"],
    }
    rows = {t: [] for t in tools}
    try:
        for r in range(a.engine_rounds):
            order = list(tools) if r % 2 == 0 else list(tools)[::-1]
            for t in order:
                subprocess.run(["docker", "rm", "--force", probe], capture_output=True)
                cleanup(name)
                base = dict(os.environ, STACKC_HEALTH_TIMEOUT="120", NO_COLOR="1")
                timed(tools[t], d, dict(base, VERSION="one"))
                run(["docker", "run", "-d", "--name", probe, "--network", f"{name}_default",
                     IMAGE, "sh", "-c", PROBE], stdout=subprocess.DEVNULL)
                deadline = time.monotonic() + 30
                while probe_counts(probe)[0] < 10 and time.monotonic() < deadline:
                    time.sleep(0.2)
                before = probe_counts(probe)
                secs = timed(tools[t], d, dict(base, VERSION="two"))
                time.sleep(1)
                after = probe_counts(probe)
                served = docker_out("ps", "--filter", f"label={PROJECT_LABEL}={name}",
                                    "--format", "{{.Names}}").split()
                rows[t].append({"seconds": secs, "requests": (after[0] + after[1]) - sum(before),
                                "failed": after[1] - before[1], "containers": len(served)})
                log(f"engine (rolling): round {r + 1}, {t}: {secs:.2f} s, "
                    f"{rows[t][-1]['failed']} of {rows[t][-1]['requests']} requests failed")
    finally:
        subprocess.run(["docker", "rm", "--force", probe], capture_output=True)
        cleanup(name)
    return rows


def real_counts(a, d, up, env, name):
    """Docker invocations of up.sh on the real engine (a shim that logs each
    call and runs the real docker), cold and no-op; untimed."""
    shim = os.path.join(d, "shim")
    os.makedirs(shim, exist_ok=True)
    real = shutil.which("docker")
    calls = os.path.join(d, "real-calls")
    with open(os.path.join(shim, "docker"), "w", encoding="utf-8") as f:
        f.write(f'#!/usr/bin/env bash\nprintf "%s\\n" "${{1-}}" >>"{calls}"\nexec "{real}" "$@"\n')
    os.chmod(os.path.join(shim, "docker"), 0o755)
    env = dict(env, PATH=shim + ":" + env["PATH"])
    out = {}
    cleanup(name)
    for k in ("cold", "noop"):
        open(calls, "w").close()
        timed(["bash", up], d, env)
        with open(calls, encoding="utf-8") as f:
            lines = f.read().split()
        by = {}
        for c in lines:
            by[c] = by.get(c, 0) + 1
        out[k] = {"calls": len(lines), "by_command": by}
    log(f"engine: real docker calls of up.sh: cold {out['cold']['calls']}, no-op {out['noop']['calls']}")
    return out


# ---------------------------------------------------------------- profile

def profile_phase(a, work):
    n = a.profile_size
    d = os.path.join(work, f"stack-{n}")
    if not os.path.exists(os.path.join(d, "stack.toml")):
        gen(n, d)
    out = {"services": n, "commands": {}}
    for c in COMMANDS:
        cg = os.path.join(OUT, f"callgrind.{c}.{n}.out")
        log(f"profile: callgrind of stackc {c} at {n} services")
        run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg}", a.stackc, "-f",
             os.path.join(d, "stack.toml"), c], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        incl = annotate(cg, True)
        excl = annotate(cg, False)
        out["commands"][c] = {"total_ir": incl[0], "inclusive": incl[1], "self": excl[1],
                              "file": os.path.relpath(cg, ROOT)}
    out["memory"] = {}
    for c in ["check"] + COMMANDS:
        ms = os.path.join(OUT, f"massif.{c}.{n}.out")
        log(f"profile: massif of stackc {c} at {n} services")
        run(["valgrind", "--tool=massif", f"--massif-out-file={ms}", a.stackc_system, "-f",
             os.path.join(d, "stack.toml"), c], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out["memory"][c] = massif_peak(ms)
    save("profile.json", out)
    return out


# Where a heap allocation is charged: the innermost frame (nearest the
# allocator) that matches one of these, in this order of patterns.
MEMORY_STAGES = [
    ("TOML parser (toml crate)", ("toml::", "toml_parser::", "serde_spanned::")),
    ("frontend: decoding into the model", ("stackc_frontend::",)),
    ("passes: checks, graph, plan", ("stackc_passes::",)),
    ("backend", ("stackc_backends::", "askama::", "serde_saphyr::")),
    ("CLI (reading the file, writing the output)", ("stackc::",)),
]


def massif_peak(path):
    """The peak snapshot of a massif file: total heap bytes, and the bytes
    charged to each stage of MEMORY_STAGES (the rest as `other`)."""
    lines = open(path).read().splitlines()
    peak = None
    for i, line in enumerate(lines):
        if line == "heap_tree=peak":
            peak = i
    if peak is None:
        return {"peak_bytes": 0, "stages": {}}
    tree = []
    for line in lines[peak + 1:]:
        m = re.match(r"^( *)n(\d+): (\d+) (.*)$", line)
        if not m:
            break
        tree.append((len(m.group(1)), int(m.group(3)), m.group(4)))
    stages = {}

    def stage_of(text):
        for name, prefixes in MEMORY_STAGES:
            if any(f" {p}" in text or f"<{p}" in text for p in prefixes):
                return name
        return None

    # Walk depth-first; charge a node to its stage at the first match on the
    # path from the allocator, and do not descend further.
    i = 1
    total = tree[0][1] if tree else 0
    while i < len(tree):
        depth, size, text = tree[i]
        name = stage_of(text)
        if name is not None or depth >= 1 and (i + 1 == len(tree) or tree[i + 1][0] <= depth):
            key = name or "other"
            stages[key] = stages.get(key, 0) + size
            j = i + 1
            while j < len(tree) and tree[j][0] > depth:
                j += 1
            i = j
        else:
            i += 1
    return {"peak_bytes": total, "stages": stages}


def annotate(cg, inclusive):
    text = subprocess.run(["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}",
                           "--threshold=100", cg], check=True, capture_output=True, text=True).stdout
    total, rows = 0, []
    for line in text.splitlines():
        m = re.match(r"^\s*([\d,]+)\s+(?:\(\s*[\d.]+%\)\s+)?(.*)$", line)
        if not m:
            continue
        ir, fn = int(m.group(1).replace(",", "")), m.group(2).strip()
        if fn.endswith("PROGRAM TOTALS"):
            total = ir
            continue
        if ":" in fn and fn.startswith(("???:", "./", "/")):
            fn = fn.split(":", 1)[1]
        rows.append([fn.rsplit(" [", 1)[0], ir])
    return total, rows[:400]


# ---------------------------------------------------------------- main

def machine(a):
    def cmd(*c):
        try:
            return subprocess.run(c, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""
    cpu = ""
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as f:
        mem = int(f.readline().split()[1]) // 1024
    load = os.getloadavg()
    return {
        "cpu": cpu, "cpus": os.cpu_count(), "mem_mib": mem, "kernel": platform.release(),
        "os": cmd("sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"),
        "loadavg_at_start": load,
        "stackc_commit": os.environ.get("STACKC_BENCH_VERSION")
        or cmd("git", "-C", ROOT, "describe", "--always", "--dirty"),
        "rustc": cmd("rustc", "--version"),
        "hyperfine": cmd("hyperfine", "--version"),
        "compose": cmd(a.compose, "version", "--short"),
        "date": time.strftime("%Y-%m-%d"),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--stackc", required=True)
    p.add_argument("--stackc-system", required=True,
                   help="the same stackc built with the system's malloc (--no-default-features), for massif")
    p.add_argument("--compose", required=True)
    p.add_argument("--sizes", default="10,100,1000,10000",
                   help="stack sizes timed for stackc and docker-compose config")
    p.add_argument("--stackc-sizes", default="30,300,3000",
                   help="extra sizes timed for stackc only (a denser curve)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--script-sizes", default="3,10,50,200")
    p.add_argument("--engine-services", type=int, default=20)
    p.add_argument("--engine-rounds", type=int, default=3)
    p.add_argument("--noop-runs", type=int, default=2)
    p.add_argument("--profile-size", type=int, default=10000)
    p.add_argument("--only", default="compile,scripts,engine,profile")
    p.add_argument("--quick", action="store_true")
    a = p.parse_args()
    ints = lambda s: [int(x) for x in s.split(",") if x]
    a.sizes, a.stackc_sizes, a.script_sizes = ints(a.sizes), ints(a.stackc_sizes), ints(a.script_sizes)
    phases = a.only.split(",")
    os.makedirs(OUT, exist_ok=True)
    t0 = time.monotonic()
    work = tempfile.mkdtemp(prefix="stackc-bench-")
    try:
        meta = {"machine": machine(a), "args": {k: v for k, v in vars(a).items()
                                                 if k not in ("stackc", "compose")}}
        if "compile" in phases:
            compile_phase(a, work)
        if "scripts" in phases:
            scripts_phase(a, work)
        if "engine" in phases:
            engine_phase(a, work)
        if "profile" in phases:
            profile_phase(a, work)
        meta["seconds"] = time.monotonic() - t0
        meta["loadavg_at_end"] = os.getloadavg()
        save("meta.json", meta)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log(f"done in {time.monotonic() - t0:.0f} s; results in {os.path.relpath(OUT, ROOT)}/")


if __name__ == "__main__":
    main()
