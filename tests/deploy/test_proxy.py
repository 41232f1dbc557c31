"""The nginx in front of gunicorn (k8s/proxy.yaml) and the NetworkPolicies (k8s/network.yaml),
offline: nginx.conf parses (crossplane, directives checked against their contexts and argument
counts), its limits agree with the app's settings, its own errors are problem+json, /metrics
stays off the public port, and the policies select real pods and ports."""

from __future__ import annotations

import json
import re
from typing import Any

from service.config import Settings
from tests.deploy import helpers, proxy
from tests.deploy.test_manifests import api, api_env, config_data, container, named, pod_spec

SIZE = re.compile(r"^(\d+)([kKmM]?)$")


def seconds(value: str) -> int:
    match = re.fullmatch(r"(\d+)s?", value)
    assert match, value
    return int(match.group(1))


def size(value: str) -> int:
    match = SIZE.match(value)
    assert match, value
    return int(match.group(1)) * {"": 1, "k": 1024, "m": 1024**2}[match.group(2).lower()]


def one(block: list[dict[str, Any]], name: str) -> str:
    """The one argument of the one `name` directive set directly in `block` (not in a nested
    block: a location may set the same directive for itself)."""
    (args,) = [d["args"] for d in block if d["directive"] == name]
    assert len(args) == 1, (name, args)
    return args[0]


def http(conf: list[dict[str, Any]]) -> list[dict[str, Any]]:
    (block,) = [d["block"] for d in conf if d["directive"] == "http"]
    return list(block)


def mebibytes(quantity: str) -> int:
    match = re.fullmatch(r"(\d+)Mi", quantity)
    assert match, quantity
    return int(match.group(1)) * 1024**2


def settings() -> Settings:
    return Settings.from_env({**config_data(), **api_env()})


def test_nginx_conf_parses() -> None:
    assert proxy.parsed()


def test_proxy_buffers_requests_and_bounds_slow_clients() -> None:
    conf, s = proxy.parsed(), settings()
    top = http(conf)
    assert size(one(top, "client_max_body_size")) == s.api.max_request_bytes
    # Whole bodies up to the limit are buffered in memory before gunicorn sees the request.
    assert size(one(top, "client_body_buffer_size")) >= s.api.max_request_bytes
    assert proxy.directive_args(conf, "proxy_request_buffering") == [["on"]]
    assert seconds(one(top, "client_header_timeout")) <= 10
    assert seconds(one(top, "client_body_timeout")) <= 2 * s.api.body_timeout_s
    # A waiting request (?wait, at most ENRICH_MAX_WAIT_S) is never cut by the proxy.
    (read_timeout,) = proxy.directive_args(conf, "proxy_read_timeout")
    assert seconds(read_timeout[0]) > s.api.max_wait_s
    assert [d["args"] for d in top if d["directive"] == "limit_conn"] == [["per_address", "300"]]
    # Only POST /v1/batches takes larger bodies; every other location keeps the article limit.
    public = proxy.locations(proxy.servers(conf)[8080])
    bodies = {name: one(block, "client_max_body_size") for name, block in public.items()
              if any(d["directive"] == "client_max_body_size" for d in block)}  # fmt: skip
    assert bodies.keys() == {"= /v1/batches"}


def test_batches_have_their_own_body_limit_as_the_app_states_it() -> None:
    conf, s = proxy.parsed(), settings()
    batches = proxy.locations(proxy.servers(conf)[8080])["= /v1/batches"]
    limit = size(one(batches, "client_max_body_size"))
    assert limit == s.api.max_batch_bytes > s.api.max_request_bytes
    assert one(batches, "proxy_pass") == "http://api"
    # Its own limit_conn replaces the inherited one, which must therefore be there again.
    limits = [d["args"] for d in batches if d["directive"] == "limit_conn"]
    assert ["per_address", "300"] in limits
    (at_once,) = [int(args[1]) for args in limits if args[0] == "batch_uploads"]
    # What a batch's body holds beyond the in-memory buffer goes to /tmp, a memory-backed
    # emptyDir: the batches taken at once must fit it.
    spill = limit - size(one(http(conf), "client_body_buffer_size"))
    volumes = {v["name"]: v for v in pod_spec(api())["volumes"]}
    mounts = {m["mountPath"]: m["name"] for m in container(api(), "proxy")["volumeMounts"]}
    assert at_once * spill <= mebibytes(volumes[mounts["/tmp"]]["emptyDir"]["sizeLimit"])
    # Its 413 names the limit of the location that refused the body.
    (table,) = [
        d["block"] for d in http(conf) if d["directive"] == "map" and d["args"][1] == "$max_body_bytes"
    ]
    entries = {d["directive"]: int(d["args"][0]) for d in table}
    assert entries == {"default": s.api.max_request_bytes, "/v1/batches": s.api.max_batch_bytes}


def test_the_app_reads_the_client_address_behind_exactly_this_proxy() -> None:
    conf = proxy.parsed()
    headers = {args[0]: args[1] for args in proxy.directive_args(conf, "proxy_set_header")}
    assert headers["X-Forwarded-For"] == "$proxy_add_x_forwarded_for"
    assert settings().api.proxy_hops == 1


def test_metrics_only_on_the_metrics_port() -> None:
    by_port = proxy.servers(proxy.parsed())
    public, metrics = proxy.locations(by_port[8080]), proxy.locations(by_port[9090])
    assert any(d["directive"] == "return" and d["args"] == ["404"] for d in public["= /metrics"])
    assert any(d["directive"] == "proxy_pass" for d in metrics["= /metrics"])
    assert any(d["directive"] == "return" and d["args"] == ["404"] for d in metrics["/"])


def test_proxy_errors_are_problem_json() -> None:
    public = proxy.servers(proxy.parsed())[8080]
    pages = [d["args"] for d in public if d["directive"] == "error_page"]
    handled = {int(code) for args in pages for code in args[:-2]}
    assert {400, 408, 413, 502, 503, 504} <= handled
    for name, block in proxy.locations(public).items():
        if not name.startswith("@"):
            continue
        assert ["application/problem+json"] in [d["args"] for d in block if d["directive"] == "default_type"]
        (status, body) = next(d["args"] for d in block if d["directive"] == "return")
        problem = json.loads(body)
        assert (
            problem["status"] == int(status) and problem["code"] and problem["type"].endswith(problem["code"])
        )


def test_the_proxy_mounts_its_config_and_writes_only_tmp() -> None:
    spec = pod_spec(api())
    volumes = {v["name"]: v for v in spec["volumes"]}
    mounts = {m["mountPath"]: m for m in container(api(), "proxy")["volumeMounts"]}
    assert volumes[mounts["/etc/nginx/nginx.conf"]["name"]]["configMap"]["name"] == "enrich-proxy"
    assert "emptyDir" in volumes[mounts["/tmp"]["name"]]
    for name, args in ((d["directive"], d["args"]) for _, d in proxy.walk(proxy.parsed())):
        if name.endswith("_temp_path") or name == "pid":
            assert args[0].startswith("/tmp/"), (name, args)


def test_network_policies_select_real_pods_and_ports() -> None:
    policies = {m.name: m.doc for m in helpers.manifests() if m.kind == "NetworkPolicy"}
    api_policy = policies["enrich-api"]["spec"]
    labels = api()["spec"]["template"]["metadata"]["labels"]
    assert api_policy["podSelector"]["matchLabels"].items() <= labels.items()
    proxy_ports = {p["name"] for p in container(api(), "proxy")["ports"]}
    open_to_all = [rule for rule in api_policy["ingress"] if "from" not in rule]
    assert [p["port"] for rule in open_to_all for p in rule["ports"]] == ["http"]
    restricted = [rule for rule in api_policy["ingress"] if "from" in rule]
    assert [p["port"] for rule in restricted for p in rule["ports"]] == ["metrics"]
    assert {"http", "metrics"} <= proxy_ports
    redis_policy = policies["enrich-redis"]["spec"]
    redis_labels = named("StatefulSet", "enrich-redis")["spec"]["template"]["metadata"]["labels"]
    assert redis_policy["podSelector"]["matchLabels"].items() <= redis_labels.items()
    allowed = [peer.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/component")
               for rule in redis_policy["ingress"] for peer in rule["from"]]  # fmt: skip
    assert {"api", "worker"} <= set(allowed)
