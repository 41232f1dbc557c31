"""k8s/*.yaml, offline: schema-valid (kubernetes-validate's bundled JSON schemas, strict; the KEDA
ScaledObject against tests/deploy/keda-scaledobject.schema.json), and consistent with the code:
probe paths are routes, ports are gunicorn's, commands are the image's, settings are real, grace
periods cover the graceful timeouts, the KEDA trigger watches RQ's queue list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import kubernetes_validate
import pytest
from kubernetes_validate.utils import SchemaNotFoundError, latest_version
from rq import Queue

from service.config import ConfigError, Settings
from service.pipeline.registry import REGISTRY
from tests.deploy import helpers, proxy
from tests.deploy.helpers import API_COMMAND, WORKER_COMMAND, Manifest

# The oldest Kubernetes these manifests claim to support, and the newest the validator knows.
K8S_VERSIONS = ("1.29.0", latest_version())
KEDA_SCHEMA = json.loads((Path(__file__).with_name("keda-scaledobject.schema.json")).read_text())
APP = "enrich"
WORKLOADS = ("Deployment", "StatefulSet")

ALL = helpers.manifests()


def of_kind(kind: str) -> list[Manifest]:
    return [m for m in ALL if m.kind == kind]


def named(kind: str, name: str) -> dict[str, Any]:
    found = [m.doc for m in ALL if m.kind == kind and m.name == name]
    assert len(found) == 1, f"expected one {kind}/{name}, found {len(found)}"
    return found[0]


def pod_spec(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["spec"]["template"]["spec"]


def container(doc: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    """A pod's container by name; without one, the pod's only container, or the API pod's `api`
    (gunicorn; the `proxy` beside it is nginx)."""
    containers = pod_spec(doc)["containers"]
    if name is None:
        if len(containers) == 1:
            return containers[0]
        name = "api"
    return next(c for c in containers if c["name"] == name)


def api() -> dict[str, Any]:
    return named("Deployment", "enrich-api")


def worker() -> dict[str, Any]:
    return named("Deployment", "enrich-worker")


def config_data() -> dict[str, str]:
    cm = named("ConfigMap", "enrich-config")
    return {k: str(v) for k, v in cm.get("data", {}).items()}


def api_env() -> dict[str, str]:
    """What the API container sets itself, over the ConfigMap (ENRICH_BIND, ENRICH_PROXY_HOPS)."""
    return {var["name"]: str(var["value"]) for var in container(api()).get("env", [])}


def secret_data() -> dict[str, str]:
    """Every Secret's variables (API keys; webhook signing secrets)."""
    data: dict[str, str] = {}
    for secret in of_kind("Secret"):
        data |= {**secret.doc.get("data", {}), **secret.doc.get("stringData", {})}
    return data


def settings() -> Settings:
    return Settings.from_env(config_data())


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """gunicorn.conf.py as the API container evaluates it: the image's ENV, the ConfigMap, then
    the container's own env."""
    env = {**helpers.dockerfile_env(helpers.dockerfile_instructions()), **config_data(), **api_env()}
    env.pop("PATH", None)
    return helpers.gunicorn_settings(env, tmp_path_factory.mktemp("gunicorn"))


# --- schemas ------------------------------------------------------------------------------------


def test_every_manifest_file_parses_into_objects() -> None:
    files = helpers.manifest_files()
    assert files, "no manifests in k8s/"
    for path in files:
        assert any(m.path == path for m in ALL), f"{path.name} holds no object"
    for m in ALL:
        assert {"apiVersion", "kind", "metadata"} <= m.doc.keys(), m.id


@pytest.mark.parametrize("version", K8S_VERSIONS)
@pytest.mark.parametrize("manifest", [m for m in ALL if m.kind != "ScaledObject"], ids=lambda m: m.id)
def test_kubernetes_schema_strict(manifest: Manifest, version: str) -> None:
    try:
        kubernetes_validate.validate(manifest.doc, version, strict=True)
    except SchemaNotFoundError as e:  # an unknown kind must not pass silently
        pytest.fail(e.message)
    except kubernetes_validate.ValidationError as e:
        pytest.fail(f"{manifest.id}: {'.'.join(map(str, e.path))}: {e.message}")


@pytest.mark.parametrize("manifest", of_kind("ScaledObject"), ids=lambda m: m.id)
def test_keda_scaledobject_schema(manifest: Manifest) -> None:
    jsonschema.Draft202012Validator.check_schema(KEDA_SCHEMA)
    errors = sorted(jsonschema.Draft202012Validator(KEDA_SCHEMA).iter_errors(manifest.doc), key=str)
    assert not errors, "\n".join(f"{'.'.join(map(str, e.path))}: {e.message}" for e in errors)
    # KEDA hands `behavior` to the HPA it creates: check it against the Kubernetes schema.
    behavior = (
        manifest.doc["spec"].get("advanced", {}).get("horizontalPodAutoscalerConfig", {}).get("behavior")
    )
    if behavior is not None:
        hpa = {
            "apiVersion": "autoscaling/v2",
            "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": "keda-hpa"},
            "spec": {
                "scaleTargetRef": {"kind": "Deployment", "name": "x"},
                "maxReplicas": 1,
                "behavior": behavior,
            },
        }
        kubernetes_validate.validate(hpa, K8S_VERSIONS[-1], strict=True)


def test_keda_schema_rejects_what_keda_would() -> None:
    """The hand-written schema is not vacuous."""
    (so,) = of_kind("ScaledObject")
    validator = jsonschema.Draft202012Validator(KEDA_SCHEMA)
    bad = json.loads(json.dumps(so.doc))
    bad["spec"]["triggers"][0]["metadata"]["listLength"] = 5  # KEDA metadata values are strings
    assert not validator.is_valid(bad)
    bad = json.loads(json.dumps(so.doc))
    bad["spec"]["triggers"][0]["metadata"].pop("listName")
    assert not validator.is_valid(bad)
    bad = json.loads(json.dumps(so.doc))
    bad["spec"]["minReplicas"] = 1  # the HPA's name for it, not KEDA's
    assert not validator.is_valid(bad)


# --- labels, selectors, references ----------------------------------------------------------------


def test_labels_namespace_and_selectors_are_consistent() -> None:
    (namespace,) = of_kind("Namespace")
    for m in ALL:
        labels = m.doc["metadata"].get("labels", {})
        assert labels.get("app.kubernetes.io/name") == APP, m.id
        assert labels.get("app.kubernetes.io/part-of") == APP, m.id
        if m.kind != "Namespace":
            assert m.doc["metadata"].get("namespace") == namespace.name, m.id
    pod_labels = {}
    for m in ALL:
        if m.kind in WORKLOADS:
            selector = m.doc["spec"]["selector"]["matchLabels"]
            labels = m.doc["spec"]["template"]["metadata"]["labels"]
            assert selector.items() <= labels.items(), m.id
            assert labels.get("app.kubernetes.io/component"), m.id
            pod_labels[m.name] = labels
    # Each Service and PodDisruptionBudget selects the pods of exactly one workload.
    for m in [*of_kind("Service"), *of_kind("PodDisruptionBudget")]:
        selector = m.doc["spec"]["selector"]
        selector = selector.get("matchLabels", selector)
        matched = [w for w, labels in pod_labels.items() if selector.items() <= labels.items()]
        assert len(matched) == 1, f"{m.id} selects {matched}"


def test_autoscalers_and_budgets_cover_api_and_workers() -> None:
    (hpa,) = of_kind("HorizontalPodAutoscaler")
    assert hpa.doc["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "enrich-api",
    }
    (metric,) = hpa.doc["spec"]["metrics"]
    assert metric["type"] == "Resource" and metric["resource"]["name"] == "cpu"
    assert hpa.doc["spec"]["minReplicas"] >= 2, "two API replicas at least, so one can be disrupted"
    (so,) = of_kind("ScaledObject")
    assert so.doc["spec"]["scaleTargetRef"]["name"] == "enrich-worker"
    named("Deployment", so.doc["spec"]["scaleTargetRef"]["name"])
    # Autoscaled: the manifests must not pin a replica count the autoscaler would fight.
    assert "replicas" not in api()["spec"] and "replicas" not in worker()["spec"]
    components = set()
    for pdb in of_kind("PodDisruptionBudget"):
        components.add(pdb.doc["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"])
    assert {"api", "worker"} <= components


def test_env_sources_exist() -> None:
    config_maps = {m.name for m in of_kind("ConfigMap")}
    secrets = {m.name for m in of_kind("Secret")}
    for m in ALL:
        if m.kind not in WORKLOADS:
            continue
        for c in pod_spec(m.doc)["containers"]:
            for source in c.get("envFrom", []):
                if "configMapRef" in source:
                    assert source["configMapRef"]["name"] in config_maps, m.id
                if "secretRef" in source:
                    assert source["secretRef"]["name"] in secrets, m.id
    api_sources = container(api())["envFrom"]
    assert {"secretRef": {"name": "enrich-api-keys"}} in api_sources, "the API needs ENRICH_API_KEYS"


def test_api_and_workers_read_the_webhook_secrets() -> None:
    """The API refuses a callback_url from a key without a webhook secret; workers sign with it."""
    for deployment in (api(), worker()):
        refs = [source.get("secretRef", {}).get("name") for source in container(deployment)["envFrom"]]
        assert "enrich-webhook-secrets" in refs, deployment["metadata"]["name"]


# --- probes and ports -----------------------------------------------------------------------------


def _http_probes(c: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: v["httpGet"] for k, v in c.items() if k.endswith("Probe") and "httpGet" in v}


def test_api_probes_are_healthz_and_readyz() -> None:
    """Through the proxy, so they test nginx and gunicorn both."""
    probes = _http_probes(container(api(), "proxy"))
    assert probes["livenessProbe"]["path"] == "/healthz"
    assert probes["readinessProbe"]["path"] == "/readyz"


def test_probe_paths_are_app_routes(get_routes: set[str]) -> None:
    for m in ALL:
        if m.kind in WORKLOADS and m.name.startswith("enrich-") and m.name != "enrich-redis":
            for c in pod_spec(m.doc)["containers"]:
                for kind, probe in _http_probes(c).items():
                    assert probe["path"] in get_routes, f"{m.id} {kind}: {probe['path']} is not a GET route"


def test_probes_need_no_api_key() -> None:
    """With auth required, the kubelet (which sends no key) must still get through."""
    from service.app import create_app

    app = create_app(
        Settings.from_env({}, redis_url="redis://127.0.0.1:1/0", auth="required", api_keys="probe:0123456789")
    )
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code not in (401, 403)  # 503 here: no Redis


def _port_number(c: dict[str, Any], port: int | str) -> int:
    if isinstance(port, int):
        return port
    return next(p["containerPort"] for p in c["ports"] if p.get("name") == port)


def test_ports_match_gunicorn_bind_the_proxy_and_the_service(gunicorn: dict[str, Any]) -> None:
    """Service -> proxy's http port (8080) -> nginx upstream -> gunicorn's bind (loopback:8000)."""
    host, port = gunicorn["bind"].rsplit(":", 1)
    assert (host, int(port)) == ("127.0.0.1", 8000), "gunicorn is reached through the proxy only"
    gunicorn_container, proxy_container = container(api()), container(api(), "proxy")
    assert [p["containerPort"] for p in gunicorn_container["ports"]] == [8000]
    conf = proxy.parsed()
    assert proxy.directive_args(conf, "server", within="upstream") == [[gunicorn["bind"]]]
    listening = sorted(int(args[0]) for args in proxy.directive_args(conf, "listen"))
    assert listening == sorted(p["containerPort"] for p in proxy_container["ports"]) == [8080, 9090]
    for probe in _http_probes(proxy_container).values():
        assert _port_number(proxy_container, probe["port"]) == 8080
    (service_port,) = named("Service", "enrich-api")["spec"]["ports"]
    assert _port_number(proxy_container, service_port["targetPort"]) == 8080
    annotations = api()["spec"]["template"]["metadata"].get("annotations", {})
    assert int(annotations["prometheus.io/port"]) == _port_number(proxy_container, "metrics") == 9090


def test_redis_url_and_keda_trigger_reach_the_redis_service() -> None:
    s = settings()
    (so,) = of_kind("ScaledObject")
    (trigger,) = so.doc["spec"]["triggers"]
    assert trigger["type"] == "redis"
    meta = trigger["metadata"]
    # RQ's list of queued job ids for ENRICH_QUEUE_NAME.
    assert meta["listName"] == Queue.redis_queue_namespace_prefix + s.queue.queue_name == "rq:queue:enrich"
    url = urlsplit(s.queue.redis_url)
    assert meta.get("databaseIndex", "0") == (url.path.strip("/") or "0")
    if of_kind("StatefulSet"):  # the bundled Redis (not a managed one)
        redis_service = named("Service", "enrich-redis")
        (redis_port,) = redis_service["spec"]["ports"]
        namespace = redis_service["metadata"]["namespace"]
        assert (url.hostname, url.port) == ("enrich-redis", redis_port["port"])
        # KEDA's operator runs in another namespace: the address must be fully qualified.
        assert meta["address"] == f"enrich-redis.{namespace}.svc.cluster.local:{redis_port['port']}"
        redis = container(named("StatefulSet", "enrich-redis"))
        assert _port_number(redis, redis_port["targetPort"]) == 6379
        args = redis["args"]
        assert args[args.index("--appendonly") + 1] == "yes"


def test_keda_keeps_one_worker_for_the_rq_scheduler() -> None:
    """Workers run RQ's scheduler (with_scheduler=True), which re-queues retries after their
    backoff; with zero workers they would never come back."""
    assert "with_scheduler=True" in (helpers.ROOT / "service" / "queue" / "worker.py").read_text()
    (so,) = of_kind("ScaledObject")
    assert so.doc["spec"]["minReplicaCount"] >= 1
    assert so.doc["spec"]["maxReplicaCount"] >= so.doc["spec"]["minReplicaCount"]


# --- settings -------------------------------------------------------------------------------------


def known_env_names() -> set[str]:
    return helpers.env_names()


def test_config_and_secret_names_are_real_settings() -> None:
    known = known_env_names()
    assert "ENRICH_WEB_GRACEFUL_TIMEOUT_S" in known and "ENRICH_JOB_TIMEOUT_S" in known
    for name in [*config_data(), *secret_data()]:
        assert name in known, f"{name} is not read by service/config.py or gunicorn.conf.py"
    for m in ALL:
        if m.kind in WORKLOADS and m.name != "enrich-redis":
            for c in pod_spec(m.doc)["containers"]:
                for var in c.get("env", []):
                    assert var["name"] in known, f"{m.id}: {var['name']}"


def test_config_is_valid_for_the_app() -> None:
    s = settings()  # raises ConfigError on a bad value
    for stage in REGISTRY.stages():
        backend = s.pipeline.stage(stage.name).backend
        assert backend in stage.backends, f"ENRICH_{stage.name.upper()}_BACKEND={backend}"
    assert s.api.auth == "required"
    assert "ENRICH_API_KEYS" not in config_data(), "API keys belong in the Secret"


def test_secret_placeholder_fails_closed() -> None:
    """The committed placeholder is not a usable key list: the API refuses to start with it."""
    s = Settings.from_env({**config_data(), **secret_data()})
    with pytest.raises(ConfigError):
        s.api.key_names()


# --- commands and shutdown ----------------------------------------------------------------------


def test_commands_are_the_images_commands() -> None:
    from_run_sh = helpers.run_sh_commands()
    image_cmd = helpers.exec_form(
        next(i for i in helpers.dockerfile_instructions() if i.keyword == "CMD").args
    )
    assert container(api())["command"] == API_COMMAND == from_run_sh["api"] == image_cmd
    assert container(worker())["command"] == WORKER_COMMAND == from_run_sh["worker"]
    assert "args" not in container(api()) and "args" not in container(worker())
    assert container(api())["image"] == container(worker())["image"], "one image, two roles"
    assert not container(api())["image"].endswith(":latest")


def _pre_stop_sleep(c: dict[str, Any]) -> int:
    pre_stop = c.get("lifecycle", {}).get("preStop", {})
    if "sleep" in pre_stop:
        return int(pre_stop["sleep"]["seconds"])
    command = pre_stop.get("exec", {}).get("command", [])
    assert command[:1] == ["sleep"], f"preStop: {pre_stop}"
    return int(command[1])


def test_api_grace_period_covers_pre_stop_and_gunicorn_graceful_timeout(gunicorn: dict[str, Any]) -> None:
    sleep = _pre_stop_sleep(container(api()))
    assert sleep >= 5, "long enough for endpoints and load balancers to drop the pod"
    graceful = gunicorn["graceful_timeout"]
    assert pod_spec(api())["terminationGracePeriodSeconds"] >= sleep + graceful
    # nginx stops at once on SIGTERM: it must outlive gunicorn's requests, within the grace period.
    proxy_sleep = _pre_stop_sleep(container(api(), "proxy"))
    assert sleep + graceful <= proxy_sleep <= pod_spec(api())["terminationGracePeriodSeconds"]
    # A request held by ?wait (up to ENRICH_MAX_WAIT_S) finishes during a rollout.
    assert graceful >= settings().api.max_wait_s


def test_worker_grace_period_covers_the_job_timeout() -> None:
    assert pod_spec(worker())["terminationGracePeriodSeconds"] > settings().queue.job_timeout_s


# --- security and resources -----------------------------------------------------------------------


@pytest.mark.parametrize("manifest", [m for m in ALL if m.kind in WORKLOADS], ids=lambda m: m.id)
def test_pods_are_locked_down(manifest: Manifest) -> None:
    spec = pod_spec(manifest.doc)
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec.get("automountServiceAccountToken") is False
    mounts_by_volume = {v["name"]: v for v in spec.get("volumes", [])}
    for c in spec["containers"]:
        sc = c["securityContext"]
        assert sc["allowPrivilegeEscalation"] is False
        assert sc["capabilities"]["drop"] == ["ALL"] and "add" not in sc["capabilities"]
        assert sc["readOnlyRootFilesystem"] is True
        for kind in ("requests", "limits"):
            assert {"cpu", "memory"} <= c["resources"][kind].keys(), f"{c['name']} {kind}"
        if c["image"] == container(api())["image"]:
            # Our image writes only under /tmp (gunicorn heartbeats and control socket, caches).
            tmp = [m for m in c["volumeMounts"] if m["mountPath"] == "/tmp"]
            assert tmp and "emptyDir" in mounts_by_volume[tmp[0]["name"]]
            uid = next(i for i in helpers.dockerfile_instructions() if i.keyword == "USER").args.split(":")[0]
            assert spec["securityContext"]["runAsUser"] == int(uid)
