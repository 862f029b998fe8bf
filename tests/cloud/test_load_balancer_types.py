"""``client.load_balancer_types`` against the simulator."""

from __future__ import annotations

from asynchetzner import Client, LoadBalancerType


async def test_load_balancer_types_are_typed(client: Client) -> None:
    types = await client.load_balancer_types.get_all()
    assert all(isinstance(t, LoadBalancerType) for t in types)
    lb21 = await client.load_balancer_types.get_by_name("lb21")
    assert lb21 is not None
    assert (lb21.max_services, lb21.max_connections, lb21.deprecated) == (15, 20_000, None)
    assert await client.load_balancer_types.get(lb21.id) == lb21
    assert repr(lb21) == f"<LoadBalancerType id={lb21.id} name='lb21'>"
