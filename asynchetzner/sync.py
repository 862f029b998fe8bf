"""``asynchetzner.sync``: the same client, synchronously, for scripts, thread pools and notebooks.

::

    from asynchetzner.sync import Client

    with Client() as client:
        servers = client.servers.get_all(label_selector="env=prod")
        for server in client.servers.list():
            server.power_on()

``Client`` takes ``asynchetzner.Client``'s arguments and owns a private event loop, running in a
daemon thread, where the asyncio client lives. Nothing is written twice: every attribute of the
async client is reached through a proxy found by introspection, so every kind, the generic calls,
``client.actions`` and ``client.robot`` work as they do asynchronously, without ``await``:

- a call runs in the private loop and returns its result (a coroutine is awaited there);
- an async iterator (``client.servers.list()``) becomes a plain iterator, pulling pages as it goes;
- typed objects, collections and namespaces come back as proxies (``server.power_on()`` waits for
  the request), also inside lists and result tuples (``result.action.wait()``); plain values
  (numbers, strings, the JSON of generic calls, times) come back as they are;
- exceptions are the asyncio client's own classes, raised in the calling thread.

Calls from many threads share the one loop, so concurrent ``client.actions.wait(...)`` calls are
served by one batched poller. The calling thread may run an event loop of its own (Jupyter); only
the private loop's own thread may not call in (a progress callback, say). The proxies are typed
``Any``: a type checker sees the attribute names of the asyncio client in the docs, not here.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import Future
from functools import cache, cached_property, partial
from types import TracebackType
from typing import Any, TypeVar

from . import client as _client
from .exceptions import ClientStateError
from .typed.models import Model
from .typed.registry import Kind

__all__ = ["Client"]

T = TypeVar("T")


class _Loop:
    """A private event loop running in a daemon thread, and how other threads run work in it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self.loop.run_forever, name="asynchetzner.sync", daemon=True
        )
        self.thread.start()

    def run(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``function(*args, **kwargs)`` called in the loop, awaited there when it gives an
        awaitable; its result, or its exception raised here."""
        if threading.get_ident() == self.thread.ident:
            raise ClientStateError(
                "asynchetzner.sync.Client was called from its own event loop thread (from a "
                "progress callback?); call it from another thread, or use asynchetzner.Client"
            )
        if self.loop.is_closed():
            raise ClientStateError("this sync Client is closed; create a new one")
        future = asyncio.run_coroutine_threadsafe(_call(function, args, kwargs), self.loop)
        return _result(future)

    def stop(self) -> None:
        """Stop the loop, join its thread, close the loop."""
        self.run(self.loop.shutdown_asyncgens)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


async def _call(function: Callable[..., Any], args: Any, kwargs: Any) -> Any:
    result = function(*args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result


def _result(future: Future[T]) -> T:
    """The future's result; an interrupt while waiting (Ctrl-C) cancels the work first."""
    try:
        return future.result()
    except BaseException:
        future.cancel()
        raise


@cache
def _proxied(kind: type) -> bool:
    """Whether objects of ``kind`` come back as proxies: the package's typed objects, and any
    of its classes with coroutine methods, async iterators or properties (namespaces such as
    ``client.robot``); not exceptions, tuples or plain values."""
    if issubclass(kind, Model):
        return True
    if not kind.__module__.startswith("asynchetzner.") or issubclass(kind, BaseException | tuple):
        return False
    for name in dir(kind):
        member = inspect.getattr_static(kind, name)
        if isinstance(member, property | cached_property) or _asynchronous(member):
            return True
    return False


def _asynchronous(member: Any) -> bool:
    function = getattr(member, "__func__", member)  # a classmethod's or staticmethod's function
    return inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function)


class _Proxy:
    """One object of the asyncio client, used synchronously through the private loop."""

    __slots__ = ("_loop", "_target")

    def __init__(self, target: Any, loop: _Loop) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_loop", loop)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if callable(value) and not isinstance(value, type):
            return partial(_invoke, self._loop, value)
        return _wrap(value, self._loop)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._target, name, _unwrap(value))

    @property  # type: ignore[misc]  # isinstance(proxy, Server) holds, as for unittest.mock
    def __class__(self) -> type:
        return type(self._target)

    def __dir__(self) -> list[str]:
        return dir(self._target)

    def __repr__(self) -> str:
        return repr(self._target)

    def __eq__(self, other: object) -> bool:
        return bool(self._target == _unwrap(other))

    def __hash__(self) -> int:
        return hash(self._target)


def _invoke(loop: _Loop, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """A call of the asyncio client's ``function``, run in the loop, its result made sync."""
    result = loop.run(function, *_unwrap(args), **_unwrap(kwargs))
    return _wrap(result, loop)


def _wrap(value: Any, loop: _Loop) -> Any:
    """``value`` as the sync side sees it: proxies for typed objects, plain iterators for async
    ones, lists and result tuples rebuilt around them, everything else as it is."""
    kind: type = type(value)
    if kind is list:
        return [_wrap(item, loop) for item in value]
    if isinstance(value, tuple):
        items = [_wrap(item, loop) for item in value]
        return kind(*items) if hasattr(value, "_fields") else kind(items)
    if hasattr(value, "__aiter__"):
        return _iterate(value, loop)
    if _proxied(kind):
        return _Proxy(value, loop)
    return value


def _unwrap(value: Any) -> Any:
    """``value`` with every proxy in it (in lists, tuples, dicts) replaced by its target."""
    if isinstance(value, _Proxy):
        return object.__getattribute__(value, "_target")
    if type(value) in (list, tuple):
        return type(value)(_unwrap(item) for item in value)
    if type(value) is dict:
        return {key: _unwrap(item) for key, item in value.items()}
    return value


def _iterate(iterable: AsyncIterator[Any], loop: _Loop) -> Iterator[Any]:
    """An async iterator pulled item by item through the loop; closed in the loop when left."""
    iterator = iterable.__aiter__()
    try:
        while True:
            try:
                item = loop.run(iterator.__anext__)
            except StopAsyncIteration:
                return
            yield _wrap(item, loop)
    finally:
        close: Callable[[], Awaitable[None]] | None = getattr(iterator, "aclose", None)
        if close is not None and not loop.loop.is_closed():
            loop.run(close)


def _made(*args: Any, **kwargs: Any) -> _client.Client:
    """An asyncio client with every kind and namespace made at once, in its loop: threads reading
    ``client.actions`` together later find the one poller instead of racing to make two."""
    made = _client.Client(*args, **kwargs)
    for name in dir(type(made)):
        if isinstance(inspect.getattr_static(made, name), Kind | cached_property):
            getattr(made, name)
    return made


class Client(_Proxy):
    """``asynchetzner.Client``, synchronously: the same arguments, attributes and methods, each
    call run in a private event loop (one daemon thread per client) until it is done.

    Use it as ``with Client() as client:`` (which calls ``init()``) or call ``close()`` when done:
    that closes the asyncio client in its loop and ends the thread. Every attribute is typed
    ``Any``; see ``asynchetzner.Client`` for what each is.
    """

    __slots__ = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        loop = _Loop()
        try:
            target = loop.run(_made, *args, **kwargs)
        except BaseException:
            loop.stop()
            raise
        super().__init__(target, loop)

    def close(self) -> None:
        """Close the asyncio client in its loop, then stop the loop and join its thread; safe to
        call twice."""
        loop: _Loop = self._loop
        if loop.loop.is_closed():
            return
        try:
            loop.run(self._target.close)
        finally:
            loop.stop()

    def __enter__(self) -> Client:
        self._loop.run(self._target.__aenter__)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return "<asynchetzner.sync" + repr(self._target).removeprefix("<asynchetzner")
