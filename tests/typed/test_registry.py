"""The registry and the resource bases: one declaration per kind makes the client's attribute,
the exports and the docs; models are read lazily, compare by kind and id, and show no secret;
a sub-collection or a Robot envelope is a declaration, not a new base class."""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path
from typing import Any, ClassVar

import pytest

import asynchetzner
from asynchetzner import Action, Client, Image, Location, Server, SSHKey
from asynchetzner.typed.models import Model, _Field, declared_fields, field, nested, time_field
from asynchetzner.typed.registry import kinds
from asynchetzner.typed.resources import Bound, Enveloped, ResourceClient

from ..conftest import NO_RETRY, ScriptedServer, answer, error_answer

KINDS = list(kinds(Client))
DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_kinds_are_declared_once_each() -> None:
    names = [kind.attribute for kind in KINDS]
    assert len(names) == len(set(names))
    assert {"servers", "images", "networks", "ssh_keys", "placement_groups"} <= set(names)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.attribute)
async def test_each_kind_is_a_client_attribute_made_on_first_use(kind: Any) -> None:
    first, second = Client("http://127.0.0.1:9/v1", "t"), Client("http://127.0.0.1:9/v1", "t")
    collection = getattr(first, kind.attribute)
    assert type(collection) is kind.collection
    assert getattr(first, kind.attribute) is collection
    assert getattr(second, kind.attribute) is not collection


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.attribute)
def test_each_kind_and_its_model_are_exported(kind: Any) -> None:
    for cls in (kind.collection, kind.collection.model):
        assert cls.__name__ in asynchetzner.__all__
        assert getattr(asynchetzner, cls.__name__) is cls


def docs_extension() -> Any:
    """The docs' Sphinx extension (docs/_ext/kinds.py), imported."""
    spec = importlib.util.spec_from_file_location("kinds", DOCS / "_ext" / "kinds.py")
    assert spec is not None
    assert spec.loader is not None
    extension = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(extension)
    return extension


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.attribute)
def test_each_kind_is_in_the_reference_docs(kind: Any) -> None:
    """The reference page lists the kinds from the registry (docs/_ext/kinds.py)."""
    reference = (DOCS / "reference.rst").read_text()
    assert ".. asynchetzner-kinds::" in reference
    lines = "\n".join(docs_extension().kind_lines())
    assert f"asynchetzner.{kind.collection.__name__}" in lines
    assert f"asynchetzner.{kind.collection.model.__name__}" in lines


MODELS = [Action, *{kind.collection.model for kind in KINDS}]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_models_declare_each_field_once(model: type[Model]) -> None:
    """Each annotated attribute is a field descriptor: there is no second list of names."""
    for klass in model.__mro__:
        assert not {"fields", "times", "nested"} & set(vars(klass)), klass
    annotated = {
        name
        for klass in model.__mro__
        for name, annotation in inspect.get_annotations(klass).items()
        if not str(annotation).startswith("ClassVar") and name != "id"
    }
    descriptors = {
        name
        for klass in model.__mro__
        for name, value in vars(klass).items()
        if isinstance(value, _Field)
    }
    assert annotated == descriptors


def test_models_compare_and_hash_by_kind_and_id() -> None:
    web = Server(None, {"id": 1, "name": "web-1", "status": "running"})
    renamed = Server(None, {"id": 1, "name": "web-2", "status": "off"})
    other = Server(None, {"id": 2, "name": "web-1"})
    image = Image(None, {"id": 1, "name": "web-1"})
    assert web == renamed
    assert hash(web) == hash(renamed)
    assert web != other
    assert web != image  # the same id in another kind is another object
    assert {web, renamed, other, image} == {web, other, image}
    assert web != {"id": 1}


@pytest.mark.parametrize(
    ("obj", "shown"),
    [
        (
            Server(None, {"id": 1, "name": "web-1", "status": "running"}),
            "<Server id=1 name='web-1' status='running'>",
        ),
        (Location(None, {"id": 3, "name": "fsn1"}), "<Location id=3 name='fsn1'>"),
        (
            Action(None, {"id": 9, "command": "start_server", "status": "running", "progress": 40}),
            "<Action id=9 command='start_server' status='running' progress=40>",
        ),
        (
            SSHKey(None, {"id": 2, "name": "me", "public_key": "ssh-ed25519 AAAA secret"}),
            "<SSHKey id=2 name='me'>",
        ),
    ],
)
def test_reprs_show_kind_id_name_and_status(obj: Model, shown: str) -> None:
    assert repr(obj) == shown


# A sub-collection and a Robot envelope, declared on the shared bases


class RRSet(Bound):
    """A made-up RRSet: addressed by name and type under its zone."""

    kind = "rrset"
    name: str = field()
    type: str = field()
    ttl: int | None = field()
    zone: int = field()


class RRSets(ResourceClient[RRSet]):
    model = RRSet
    path = "/zones/{zone}/rrsets"
    item = "{name}/{type}"


class RobotServer(Model):
    kind = "server"
    family = "hetzner-robot"
    server_name: str = field()
    paid_until: Any = time_field()
    location: Location | None = nested(Location)


class RobotServers(Enveloped[RobotServer]):
    model = RobotServer
    path = "/server"


async def test_a_sub_collection_is_a_declaration(server: ScriptedServer) -> None:
    rrset = {"id": "@/A", "name": "@", "type": "A", "ttl": 300, "zone": 42}
    server.then(
        answer(200, {"rrsets": [rrset], "meta": {"pagination": {"page": 1, "per_page": 50}}}),
        answer(200, {"rrset": rrset}),
        answer(200, {"rrset": {**rrset, "ttl": 600}}),
    )
    async with Client(server.url, "t", retry=NO_RETRY) as client:
        rrsets = RRSets(client, zone="example.com")
        (listed,) = await rrsets.get_all()
        got = await rrsets._get(name="@", type="A")
        await got.refresh()
    assert [seen.path_qs.split("?")[0] for seen in server.received] == [
        "/v1/zones/example.com/rrsets",
        "/v1/zones/example.com/rrsets/%40/A",
        "/v1/zones/42/rrsets/%40/A",
    ]
    assert (listed, got.ttl) == (got, 600)


async def test_a_robot_envelope_is_a_declaration(server: ScriptedServer) -> None:
    wrapped = [{"server": {"id": 7, "server_name": "db", "paid_until": None}}]
    server.then(answer(200, wrapped), error_answer(404, "SERVER_NOT_FOUND"))
    robot = Client(
        "hetzner-robot",
        robot_user="#ws+x",
        robot_password="pw",
        base_urls={"hetzner-robot": server.url},
        retry=NO_RETRY,
    )
    async with robot as client:
        (db,) = await RobotServers(client).get_all()
        assert await RobotServers(client).get_all() == []
    assert (db.id, db.server_name, db.location) == (7, "db", None)
    assert server.received[0].headers["Authorization"].startswith("Basic ")
    assert [seen.path_qs for seen in server.received] == ["/v1/server", "/v1/server"]


def test_an_unfilled_parent_is_refused() -> None:
    with pytest.raises(ValueError, match="zone"):
        RRSets(Client("http://127.0.0.1:9/v1", "t"))


class Sample(Model):
    """For the laziness test only."""

    kind = "sample"
    shown: ClassVar[tuple[str, ...]] = ()
    created: Any = time_field()
    location: Location | None = nested(Location)


def test_times_and_nested_objects_are_built_on_first_read_and_kept() -> None:
    data = {"id": 1, "created": "2016-01-30T23:50:00+00:00", "location": {"id": 3}}
    sample = Sample(None, data)
    assert "created" not in vars(sample)
    assert sample.created is sample.created
    assert sample.location is sample.location
    assert sample.data is data
    sample._set_data({"id": 1, "location": None})
    assert (sample.created, sample.location) == (None, None)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_the_reference_docs_list_every_field_with_its_type(model: type[Model]) -> None:
    lines = "\n".join(docs_extension().field_lines(model))
    for name in ["id"] * issubclass(model, Model) + declared_fields(model):
        assert f".. py:attribute:: {name}\n   :type: " in lines
