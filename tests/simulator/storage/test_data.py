"""The Hetzner API's generated data: the simulator's ``storage/operations.json`` and
``requests.json`` and the tests' ``hetzner.spec.json`` are what the tools (``--hetzner``) make of
the shipped spec, never ``../shared``, and the simulator serves every operation of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from asynchetzner.simulator.engine.routing import served
from asynchetzner.simulator.runner import APIS, Simulator
from asynchetzner.simulator.storage import STORAGE

from ...spec import HETZNER_SPEC_PATH, load_spec
from ..conftest import import_tool

STORAGE_DIR = Path(__file__).resolve().parents[3] / "asynchetzner" / "simulator" / "storage"


def test_shipped_index_is_what_the_tool_makes(tmp_path: Path) -> None:
    tool = import_tool("operation_index")
    out = tmp_path / "operations.json"
    tool.main(["--hetzner", str(HETZNER_SPEC_PATH), str(out)])
    assert out.read_bytes() == (STORAGE_DIR / "operations.json").read_bytes(), (
        "run: python tools/operation_index.py --hetzner"
    )


def test_shipped_request_schemas_are_what_the_tool_makes(tmp_path: Path) -> None:
    tool = import_tool("trim_spec")
    out = tmp_path / "requests.json"
    tool.main(["--hetzner", str(HETZNER_SPEC_PATH), str(out)])
    assert out.read_bytes() == (STORAGE_DIR / "requests.json").read_bytes(), (
        "run: python tools/trim_spec.py --hetzner"
    )


def test_shipped_spec_data_is_what_the_tool_makes(tmp_path: Path) -> None:
    tool = import_tool("spec_data")
    out = tmp_path / "hetzner.spec.json"
    tool.main(["--hetzner", str(HETZNER_SPEC_PATH), str(out)])
    assert out.read_bytes() == HETZNER_SPEC_PATH.read_bytes(), (
        "run: python tools/spec_data.py --hetzner"
    )


def test_the_tools_default_to_the_hetzner_files(monkeypatch: pytest.MonkeyPatch) -> None:
    written: dict[str, str] = {}
    monkeypatch.setattr(
        Path, "write_text", lambda path, text, **_: written.setdefault(path.name, text)
    )
    for name in ("operation_index", "trim_spec", "spec_data"):
        tool = import_tool(name)
        monkeypatch.setattr(tool, "HETZNER_SPEC", HETZNER_SPEC_PATH)  # not ../shared
        tool.main(["--hetzner"])
    assert set(written) == {"operations.json", "requests.json", "hetzner.spec.json"}


def test_every_operation_of_the_spec_is_served() -> None:
    operations = {
        f"{method.upper()} {path}"
        for path, item in load_spec(HETZNER_SPEC_PATH)["paths"].items()
        for method in item
    }
    assert len(operations) == 32
    assert {op.name for op in served(STORAGE)} == operations
    pattern = import_tool("served_operations").pattern(STORAGE)
    assert pattern.count("|") == 31


def test_served_operations_prints_either_api(capsys: pytest.CaptureFixture[str]) -> None:
    tool = import_tool("served_operations")
    tool.main(["--hetzner"])
    assert "list_storage_boxes" in capsys.readouterr().out
    tool.main([])
    printed = capsys.readouterr().out
    assert "list_servers" in printed
    assert "list_storage_boxes" not in printed


async def test_urls_of_each_family() -> None:
    simulator = Simulator()
    with pytest.raises(RuntimeError, match="not running"):
        simulator.url_for("hetzner-api")
    async with simulator:
        base = f"http://127.0.0.1:{simulator.port}"
        assert simulator.urls == {
            "hetzner-cloud": f"{base}/v1",
            "hetzner-api": f"{base}/hetzner/v1",
        }
        with pytest.raises(ValueError, match="not 'hetzner-robot'"):
            simulator.url_for("hetzner-robot")
        async with simulator.client() as client:
            assert client.base_url_for("hetzner-api") == f"{base}/hetzner/v1"
        async with simulator.client(base_urls={"hetzner-api": "http://127.0.0.1:9/v1"}) as other:
            await other.init()
            assert other.base_url_for("hetzner-api") == "http://127.0.0.1:9/v1"
    assert set(APIS) == {"hetzner-cloud", "hetzner-api"}
