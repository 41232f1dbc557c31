"""Where webhooks may go: every resolved address checked, encodings of private addresses caught."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest

from service.webhooks.addresses import AddressRefused, literal_refusal, refusal, resolve

LOOPBACK = [ipaddress.ip_network("127.0.0.0/8")]


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("169.254.169.254", "a link-local address"),  # cloud metadata
        ("fe80::1", "a link-local address"),
        ("fd00::1", "a private address"),
        ("0.0.0.0", "an unspecified address"),
        ("100.64.0.1", "not a public address"),  # carrier-grade NAT
        ("224.0.0.1", "a multicast address"),
        ("::ffff:10.0.0.1", "a private address"),  # IPv4-mapped
        ("64:ff9b::a00:1", "a private address"),  # NAT64 of 10.0.0.1
        ("2002:a00:1::", "a private address"),  # 6to4 of 10.0.0.1
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
    ],
)
def test_refusal(address: str, reason: str | None) -> None:
    found = refusal(ipaddress.ip_address(address))
    if reason is None:
        assert found is None
    else:
        assert found == reason


def test_allowed_networks_let_an_operator_reach_its_own_receiver() -> None:
    assert refusal(ipaddress.ip_address("127.0.0.1"), LOOPBACK) is None
    assert refusal(ipaddress.ip_address("::ffff:127.0.0.1"), LOOPBACK) is None
    assert refusal(ipaddress.ip_address("10.0.0.1"), LOOPBACK) == "a private address"


def test_literal_refusal_sees_ip_hosts_only() -> None:
    assert literal_refusal("http://127.0.0.1:8080/x") == "127.0.0.1 is a loopback address"
    assert literal_refusal("http://[fe80::1]/x") == "fe80::1 is a link-local address"
    assert literal_refusal("https://hooks.example.com/x") is None  # names: checked when sent
    assert literal_refusal("http://127.0.0.1/x", LOOPBACK) is None


def fake_resolver(*addresses: str) -> Any:
    calls: list[str] = []

    def resolve_host(host: str, port: int, **kwargs: Any) -> list[tuple[Any, ...]]:
        calls.append(host)
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in addresses
        ]

    resolve_host.calls = calls  # type: ignore[attr-defined]
    return resolve_host


def test_every_address_a_name_resolves_to_is_checked() -> None:
    assert resolve("hooks.example", 443, resolver=fake_resolver("93.184.215.14")) == ["93.184.215.14"]
    # One private address among public ones refuses the name: the connection could pick it.
    with pytest.raises(AddressRefused, match=r"resolves to 10\.0\.0\.7, a private address"):
        resolve("mixed.example", 443, resolver=fake_resolver("93.184.215.14", "10.0.0.7"))
    with pytest.raises(AddressRefused, match="loopback"):
        resolve("rebind.example", 443, resolver=fake_resolver("::1"))


def test_numeric_host_encodings_resolve_to_what_they_hide() -> None:
    # The system resolver reads "167772161" and "0x7f.1" as 10.0.0.1 and 127.0.0.1; a check on the
    # URL's text alone would let them through.
    assert literal_refusal("http://167772161/") is None
    with pytest.raises(AddressRefused, match=r"10\.0\.0\.1"):
        resolve("167772161", 80)
    with pytest.raises(AddressRefused, match=r"127\.0\.0\.1"):
        resolve("0x7f.1", 80)
