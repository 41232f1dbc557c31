"""Where a webhook may go: public addresses only, unless the operator allows a network.

A callback URL is a way for a client to make the service send a request; pointed at 127.0.0.1,
10.0.0.0/8 or 169.254.169.254 it would reach into the operator's own network. Every address a
host resolves to is checked (one bad address refuses the host), the request then connects to a
checked address only (service.webhooks.transport), and redirects are never followed.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[..., list[tuple[Any, ...]]]  # socket.getaddrinfo's signature

# IPv6 prefixes that carry an IPv4 address in their low 32 bits (RFC 6052 NAT64).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


# The most telling reason first: 0.0.0.0 and 169.254.0.0/16 count as private too.
_KINDS = (
    ("loopback", "a loopback address"),
    ("unspecified", "an unspecified address"),
    ("link_local", "a link-local address"),
    ("multicast", "a multicast address"),
    ("private", "a private address"),
    ("reserved", "a reserved address"),
)


class AddressRefused(ValueError):
    """The URL's host is, or resolves to, an address webhooks may not reach. Permanent."""


def refusal(address: Address, allowed: Sequence[Network] = ()) -> str | None:
    """Why a webhook may not go to `address` ("a loopback address"), or None when it may."""
    candidates = [*_embedded_ipv4(address), address]  # what it routes to says most
    if any(candidate in network for candidate in candidates for network in allowed):
        return None
    for candidate in candidates:
        for kind, reason in _KINDS:
            if getattr(candidate, f"is_{kind}"):
                return reason
        if not candidate.is_global:  # shared (100.64/10), documentation, benchmarking ranges...
            return "not a public address"
    return None


def literal_refusal(url: str, allowed: Sequence[Network] = ()) -> str | None:
    """At submission, without DNS: why a URL whose host is an IP literal is refused, or None.
    Names are checked when the webhook is sent, against every address they resolve to then."""
    try:
        host = urlsplit(url).hostname or ""
        address = ipaddress.ip_address(host)
    except ValueError:  # not an IP address (or not a URL Python can split: the sender will say)
        return None
    reason = refusal(address, allowed)
    return None if reason is None else f"{host} is {reason}"


def resolve(
    host: str, port: int, allowed: Sequence[Network] = (), resolver: Resolver = socket.getaddrinfo
) -> list[str]:
    """Every address `host` resolves to, each allowed, in the resolver's order. Raises
    AddressRefused when any is not (an attacker's name may mix a public and a private address),
    OSError when the name does not resolve."""
    found: list[str] = []
    for *_, sockaddr in resolver(host, port, type=socket.SOCK_STREAM):
        text = str(sockaddr[0]).split("%", 1)[0]  # an IPv6 zone id names an interface, not a host
        reason = refusal(ipaddress.ip_address(text), allowed)
        if reason is not None:
            raise AddressRefused(f"{host} resolves to {text}, {reason}")
        if text not in found:
            found.append(text)
    if not found:
        raise OSError(f"{host} resolves to no address")
    return found


def _embedded_ipv4(address: Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address routes to (mapped, 6to4, Teredo, NAT64): each is checked too."""
    if not isinstance(address, ipaddress.IPv6Address):
        return []
    embedded = [address.ipv4_mapped, address.sixtofour, address.teredo[1] if address.teredo else None]
    if address in _NAT64:
        embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return [a for a in embedded if a is not None]
