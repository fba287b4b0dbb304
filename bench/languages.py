"""Per-language latency of the service (cold compile+run, cached run) beside the bare toolchain, on this machine.

Started by bench/languages.sh after a Release build. Standard library only; runs under Debian's /usr/bin/python3.
Every number is a median of --iterations samples: the machines are noisy.
"""
import argparse
import datetime
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVICE_DLL = os.path.join(REPO, "src", "CodeInterpreter", "bin", "Release", "net10.0", "CodeInterpreter.dll")
EXPECTED = "55\n"

# The program each language runs: prints the sum of 1..10. `comment` makes every cold source unique.
PROGRAMS = {
    "py": ("#", "main.py", "print(sum(range(1, 11)))\n"),
    "js": ("//", "main.js", "let s = 0;\nfor (let i = 1; i <= 10; i++) s += i;\nconsole.log(s);\n"),
    "ts": ("//", "main.ts", "const xs: number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];\n"
                            "console.log(xs.reduce((a: number, b: number) => a + b, 0));\n"),
    "c": ("//", "main.c", "#include <stdio.h>\nint main(void) {\n    int s = 0;\n    for (int i = 1; i <= 10; i++) s += i;\n"
                          "    printf(\"%d\\n\", s);\n    return 0;\n}\n"),
    "cpp": ("//", "main.cpp", "#include <iostream>\nint main() {\n    int s = 0;\n    for (int i = 1; i <= 10; ++i) s += i;\n"
                              "    std::cout << s << std::endl;\n}\n"),
    "java": ("//", "Main.java", "public class Main {\n    public static void main(String[] args) {\n        int s = 0;\n"
                                "        for (int i = 1; i <= 10; i++) s += i;\n        System.out.println(s);\n    }\n}\n"),
    "php": ("//", "main.php", "$s = 0;\nfor ($i = 1; $i <= 10; $i++) { $s += $i; }\necho $s, \"\\n\";\n"),
    "rs": ("//", "main.rs", "fn main() {\n    let s: i32 = (1..=10).sum();\n    println!(\"{}\", s);\n}\n"),
    "go": ("//", "main.go", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\ts := 0\n\tfor i := 1; i <= 10; i++ {\n"
                            "\t\ts += i\n\t}\n\tfmt.Println(s)\n}\n"),
    "d": ("//", "main.d", "import std.stdio;\nvoid main() {\n    int s = 0;\n    foreach (i; 1 .. 11) s += i;\n    writeln(s);\n}\n"),
    "f90": ("!", "main.f90", "program sum\n  implicit none\n  integer :: i, s\n  s = 0\n  do i = 1, 10\n    s = s + i\n"
                             "  end do\n  write (*, '(I0)') s\nend program sum\n"),
    "r": ("#", "main.R", "cat(sum(1:10), \"\\n\", sep = \"\")\n"),
    "bash": ("#", "main.sh", "s=0\nfor i in $(seq 1 10); do s=$((s + i)); done\necho \"$s\"\n"),
}


def unique(lang, tag):
    comment, _, code = PROGRAMS[lang]
    line = f"{comment} bench {tag}\n"
    return ("<?php " + line + code) if lang == "php" else line + code


def esbuild_path():
    found = os.environ.get("CODE_ESBUILD_PATH")
    if found:
        return found
    candidate = os.path.join(REPO, "tools", "esbuild", "node_modules", "@esbuild", "linux-x64", "bin", "esbuild")
    return candidate if os.path.exists(candidate) else shutil.which("esbuild")


# Bare toolchain: the compile and run argv of src/CodeInterpreter/Languages/{Compiled,Interpreted}.cs, outside any
# sandbox. {src} is the source, {out} a fresh output dir, {tmp} a fresh scratch dir. Keep in step with the catalog.
def bare_commands(esbuild):
    binary = ["{out}/main"]
    return {
        "py": (None, ["/usr/bin/python3", "{src}"]),
        "js": (None, ["/usr/bin/node", "{src}"]),
        "ts": ([esbuild, "{src}", "--outfile={out}/main.mjs", "--format=esm", "--platform=node", "--target=node18",
                "--log-level=warning"], ["/usr/bin/node", "{out}/main.mjs"]),
        "c": (["/usr/bin/gcc", "-std=gnu17", "-O2", "-pipe", "-o", "{out}/main", "{src}", "-lm"], binary),
        "cpp": (["/usr/bin/g++", "-std=gnu++17", "-O2", "-pipe", "-o", "{out}/main", "{src}", "-lm"], binary),
        "java": (["/usr/bin/javac", "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1", "-J-Xshare:auto", "-encoding", "UTF-8",
                  "-d", "{out}", "{src}"],
                 ["/usr/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx256m",
                  "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=128m", "-Dfile.encoding=UTF-8", "-cp", "{out}", "Main"]),
        "php": (None, ["/usr/bin/php", "{src}"]),
        "rs": (["/usr/bin/rustc", "--edition", "2021", "-C", "debuginfo=0", "-o", "{out}/main", "{src}"], binary),
        # A fresh GOCACHE per compile, as the service gives every compile job its own empty /tmp.
        "go": (["/usr/bin/go", "build", "-o", "{out}/main", "{src}"], binary),
        "d": (["/usr/bin/ldc2", "-od={tmp}", "-of={out}/main", "{src}"], binary),
        "f90": (["/usr/bin/gfortran", "-O2", "-pipe", "-J{tmp}", "-o", "{out}/main", "{src}"], binary),
        "r": (None, ["/usr/bin/Rscript", "--no-save", "--no-restore", "{src}"]),
        "bash": (None, ["/usr/bin/bash", "{src}"]),
    }


def fill(argv, **values):
    return [a.format(**values) for a in argv]


def bare_env(tmp):
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": tmp, "LANG": "C.UTF-8", "TMPDIR": tmp,
            "GOCACHE": os.path.join(tmp, "go-cache"), "GOPATH": os.path.join(tmp, "go"), "GOFLAGS": "-buildvcs=false"}


def timed(argv, cwd, env):
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr[-2000:]}")
    return elapsed, done.stdout


def bare_compile(lang, commands, work, tag):
    """One cold compile of a never-seen source; returns (ms, run argv, cwd)."""
    compile_argv, run_argv = commands[lang]
    job = tempfile.mkdtemp(dir=work)
    out, tmp = os.path.join(job, "out"), os.path.join(job, "tmp")
    os.makedirs(out)
    os.makedirs(tmp)
    src = os.path.join(job, PROGRAMS[lang][1])
    code = unique(lang, tag)
    with open(src, "w") as f:
        f.write(code)
    values = {"src": src, "out": out, "tmp": tmp}
    ms = timed(fill(compile_argv, **values), job, bare_env(tmp))[0] if compile_argv else None
    return ms, fill(run_argv, **values), job, bare_env(tmp)


def measure_bare(lang, commands, iterations, work):
    compiles, runs = [], []
    run_argv = cwd = env = None
    for i in range(iterations + 1):  # the first one warms the page cache and is dropped
        ms, run_argv, cwd, env = bare_compile(lang, commands, work, f"bare-{uuid.uuid4().hex}")
        if i > 0 and ms is not None:
            compiles.append(ms)
    for i in range(iterations + 1):
        ms, stdout = timed(run_argv, cwd, env)
        if stdout != EXPECTED:
            raise RuntimeError(f"bare {lang} printed {stdout!r}")
        if i > 0:
            runs.append(ms)
    return compiles, runs


class Service:
    """The Release build on a free loopback port with a temp data dir, stopped on exit."""

    def __init__(self, work):
        self.key = "bench_" + secrets.token_hex(16)
        # Directly under /tmp, as in the integration tests: the sandbox uids must be able to traverse its parent.
        self.data_dir = tempfile.mkdtemp(prefix="ci-bench-data-")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith("CODE_") and k not in ("PORT", "ASPNETCORE_URLS", "URLS")}
        env.update({"PORT": str(self.port), "CODE_BIND_ADDRESS": "127.0.0.1", "CODE_DATA_DIR": self.data_dir,
                    "CODE_API_KEYS": self.key,
                    # Its own uid range, away from the default pool of any other instance on this machine.
                    "CODE_UID_BASE": os.environ.get("BENCH_UID_BASE", "64000")})
        if "CODE_ESBUILD_PATH" in os.environ:
            env["CODE_ESBUILD_PATH"] = os.environ["CODE_ESBUILD_PATH"]
        self.log = open(os.path.join(work, "service.log"), "w")
        self.process = subprocess.Popen(["dotnet", SERVICE_DLL], cwd=os.path.dirname(SERVICE_DLL), env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.conn = None
        self._wait_for_health()

    def _wait_for_health(self):
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the service exited during startup; see {self.log.name}")
            try:
                status, body = self.request("GET", "/health")
                self.health = body
                return
            except OSError:
                self.conn = None
                time.sleep(0.2)
        raise RuntimeError("GET /health did not answer within 60 s")

    def request(self, method, path, body=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        headers = {"X-API-Key": self.key, "User-Agent": "LibreChat/1.0", "Content-Type": "application/json"}
        try:
            self.conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            response = self.conn.getresponse()
            return response.status, json.loads(response.read() or b"null")
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = None
            raise

    def exec_ms(self, lang, code):
        start = time.perf_counter()
        status, reply = self.request("POST", "/exec", {"lang": lang, "code": code})
        elapsed = (time.perf_counter() - start) * 1000
        if status != 200 or reply.get("stdout") != EXPECTED:
            raise RuntimeError(f"service {lang}: HTTP {status} {json.dumps(reply)[:2000]}")
        return elapsed, reply

    def stop(self):
        if self.conn is not None:
            self.conn.close()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)


def measure_service(service, lang, iterations):
    service.exec_ms(lang, unique(lang, f"warmup-{uuid.uuid4().hex}"))
    cold, cold_reported = [], []
    for _ in range(iterations):
        ms, reply = service.exec_ms(lang, unique(lang, f"cold-{uuid.uuid4().hex}"))
        cold.append(ms)
        cold_reported.append(reply.get("wall_time_ms"))
    code = unique(lang, f"cached-{uuid.uuid4().hex}")
    service.exec_ms(lang, code)  # compiles once: the samples below are all cache hits
    cached, cached_reported = [], []
    for _ in range(iterations):
        ms, reply = service.exec_ms(lang, code)
        cached.append(ms)
        cached_reported.append(reply.get("wall_time_ms"))
    return cold, cached, cold_reported, cached_reported


def median(samples):
    samples = [s for s in samples if s is not None]
    return statistics.median(samples) if samples else None


def fmt(value, digits=1):
    return "—" if value is None else f"{value:.{digits}f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--langs", default=",".join(PROGRAMS))
    args = parser.parse_args()
    if args.iterations < 10:
        parser.error("--iterations must be at least 10 (medians of fewer samples mean little on a noisy machine)")
    langs = [l.strip() for l in args.langs.split(",") if l.strip()]
    unknown = [l for l in langs if l not in PROGRAMS]
    if unknown:
        parser.error(f"unknown languages: {unknown}")

    work = tempfile.mkdtemp(prefix="ci-bench-")
    commands = bare_commands(esbuild_path())
    service = Service(work)
    results = {}
    try:
        versions = service.health.get("languages", {})
        cache_start = service.health.get("compile_cache")
        for lang in langs:
            print(f"[{lang}] bare ...", file=sys.stderr, flush=True)
            bare_compiles, bare_runs = measure_bare(lang, commands, args.iterations, work)
            print(f"[{lang}] service ...", file=sys.stderr, flush=True)
            cold, cached, cold_reported, cached_reported = measure_service(service, lang, args.iterations)
            results[lang] = {
                "version": versions.get(lang, {}).get("version"),
                "bare_compile_ms": median(bare_compiles), "bare_run_ms": median(bare_runs),
                "service_cold_ms": median(cold), "service_cached_ms": median(cached),
                "service_cold_reported_wall_ms": median(cold_reported),
                "service_cached_reported_wall_ms": median(cached_reported),
                "samples": {"bare_compile_ms": bare_compiles, "bare_run_ms": bare_runs,
                            "service_cold_ms": cold, "service_cached_ms": cached},
            }
        _, health = service.request("GET", "/health")
        cache_end = health.get("compile_cache")
    finally:
        service.stop()
        shutil.rmtree(work, ignore_errors=True)

    print("| language | bare compile ms | bare run ms | service cold ms | service cached ms | cached/bare-run ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for lang, r in results.items():
        ratio = r["service_cached_ms"] / r["bare_run_ms"] if r["bare_run_ms"] else None
        r["cached_over_bare_run"] = ratio
        print(f"| {lang} | {fmt(r['bare_compile_ms'])} | {fmt(r['bare_run_ms'])} | {fmt(r['service_cold_ms'])} "
              f"| {fmt(r['service_cached_ms'])} | {fmt(ratio, 2)} |")

    now = datetime.datetime.now(datetime.timezone.utc)
    report = {
        "date": now.isoformat(timespec="seconds"),
        "iterations": args.iterations,
        "statistic": "median",
        "machine": {"host": platform.node(), "kernel": platform.release(), "cpus": os.cpu_count(),
                    "python": platform.python_version()},
        "service": {"version": health.get("version"), "compile_cache_start": cache_start, "compile_cache_end": cache_end},
        "notes": "service times are client-side HTTP round trips on loopback (keep-alive); bare times are "
                 "subprocess wall times from the same Python process; cold = a never-seen source (unique comment); "
                 "cached = the same source again.",
        "languages": results,
    }
    results_dir = os.path.join(REPO, "bench", "results")
    os.makedirs(results_dir, exist_ok=True)
    path = os.path.join(results_dir, f"languages-{now.strftime('%Y-%m-%d')}.json")
    with open(path, "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    print(f"\nwrote {os.path.relpath(path, REPO)}", file=sys.stderr)


if __name__ == "__main__":
    main()
