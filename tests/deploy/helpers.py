"""Readers for the deployment files: the Dockerfile, scripts/run.sh, gunicorn.conf.py, k8s/*.yaml."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
RUN_SH = ROOT / "scripts" / "run.sh"
GUNICORN_CONF = ROOT / "gunicorn.conf.py"
K8S = ROOT / "k8s"

# The two commands the image runs (README "How it is built", scripts/run.sh).
API_COMMAND = ["gunicorn", "-c", "gunicorn.conf.py", "service.wsgi:app"]
WORKER_COMMAND = ["python", "-m", "service.worker.main"]


# --- Dockerfile -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Instruction:
    keyword: str  # upper case: FROM, RUN, ...
    args: str  # the rest, continuation lines joined
    stage: int  # 0-based index of the FROM it belongs to
    line: int  # 1-based line where it starts


def dockerfile_instructions(path: Path = DOCKERFILE) -> list[Instruction]:
    """Instructions in order; comments dropped, backslash continuations joined."""
    out: list[Instruction] = []
    stage = -1
    buffer: list[str] = []
    start = 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not buffer and (not line or line.startswith("#")):
            continue
        if buffer and line.startswith("#"):  # Docker drops comment lines inside a continuation
            continue
        if not buffer:
            start = number
        if line.endswith("\\"):
            buffer.append(line[:-1].strip())
            continue
        buffer.append(line)
        text = " ".join(part for part in buffer if part)
        buffer = []
        keyword, _, args = text.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        out.append(Instruction(keyword, args.strip(), stage, start))
    assert not buffer, "Dockerfile ends inside a line continuation"
    return out


def exec_form(args: str) -> list[str]:
    """The JSON (exec) form of CMD/ENTRYPOINT/HEALTHCHECK CMD; fails on the shell form."""
    value = json.loads(args)
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), args
    return value


def dockerfile_env(instructions: list[Instruction]) -> dict[str, str]:
    """ENV of the final stage (KEY=VALUE form)."""
    final = max(i.stage for i in instructions)
    env: dict[str, str] = {}
    for ins in instructions:
        if ins.keyword == "ENV" and ins.stage == final:
            for token in shlex.split(ins.args):
                key, sep, value = token.partition("=")
                assert sep, f"ENV {ins.args!r}: use the KEY=VALUE form"
                env[key] = value
    return env


# --- scripts/run.sh -----------------------------------------------------------------------------


def _normalise(argv: list[str]) -> list[str]:
    """A run.sh command as the image runs it: no .venv/bin/ prefix, no --bind (the image binds
    through ENRICH_BIND, which gunicorn.conf.py reads), no trailing `&` or redirections."""
    argv = [a for a in argv if a != "&"]
    for i, a in enumerate(argv):
        if a.startswith((">", "2>")):
            argv = argv[:i]
            break
    argv[0] = argv[0].removeprefix(".venv/bin/")
    if "--bind" in argv:
        i = argv.index("--bind")
        del argv[i : i + 2]
    return argv


def run_sh_commands() -> dict[str, list[str]]:
    """{"api": [...], "worker": [...]} as scripts/run.sh starts them."""
    found: dict[str, list[str]] = {}
    for line in RUN_SH.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#") or not line:
            continue
        if re.search(r"(^|/)gunicorn\s", line):
            found["api"] = _normalise(shlex.split(line))
        elif "-m service.worker.main" in line:
            found["worker"] = _normalise(shlex.split(line))
    return found


# --- gunicorn.conf.py ---------------------------------------------------------------------------


def gunicorn_settings(env: dict[str, str], tmpdir: Path) -> dict[str, Any]:
    """gunicorn.conf.py evaluated under `env`, in a child process: the file sets environment
    variables and creates a temporary directory at import, which must not leak into this one."""
    code = (
        "import json, runpy, sys\n"
        f"ns = runpy.run_path({str(GUNICORN_CONF)!r})\n"
        "keys = ('bind', 'workers', 'threads', 'timeout', 'graceful_timeout', 'preload_app')\n"
        "json.dump({k: ns[k] for k in keys if k in ns}, sys.stdout)\n"
    )
    child_env = {"PATH": os.environ.get("PATH", ""), "TMPDIR": str(tmpdir), **env}
    done = subprocess.run(
        [sys.executable, "-c", code], env=child_env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def env_names() -> set[str]:
    """Every ENRICH_* variable the service reads (gunicorn's among them), per-stage ones spelled
    out for each registered stage."""
    from service import config
    from service.pipeline.registry import REGISTRY

    names = set(config.variables()) - set(config.STAGE_VARIABLES)
    for stage in REGISTRY.stages():
        names |= {v.replace("<STAGE>", stage.name.upper()) for v in config.STAGE_VARIABLES}
    return names


def bind_port(bind: str) -> int:
    return int(bind.rsplit(":", 1)[1])


# --- k8s ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Manifest:
    path: Path
    index: int
    doc: dict[str, Any]

    @property
    def kind(self) -> str:
        return self.doc["kind"]

    @property
    def name(self) -> str:
        return self.doc["metadata"]["name"]

    @property
    def id(self) -> str:
        return f"{self.path.name}#{self.index}:{self.kind}/{self.name}"


def manifest_files() -> list[Path]:
    return sorted([*K8S.glob("*.yaml"), *K8S.glob("*.yml")])


def manifests() -> list[Manifest]:
    out = []
    for path in manifest_files():
        docs = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]
        out += [Manifest(path, i, doc) for i, doc in enumerate(docs)]
    return out
