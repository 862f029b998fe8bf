"""``python -m asynchetzner.simulator``: serve the simulator until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import signal
import ssl
import sys
from collections.abc import Sequence

from .engine.faults import FaultInjector
from .runner import Simulator


def parser() -> argparse.ArgumentParser:
    """The command line of the simulator."""
    cli = argparse.ArgumentParser(
        prog="python -m asynchetzner.simulator",
        description="Serve a simulated Hetzner Cloud API and Hetzner API on loopback.",
    )
    cli.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    cli.add_argument("--port", type=int, default=8080, help="port (0: any free port)")
    cli.add_argument("--token", help="the API token clients must send (default: random)")
    cli.add_argument(
        "--read-only-token", action="append", default=[], help="a read-only token (repeatable)"
    )
    cli.add_argument(
        "--action-seconds",
        type=float,
        default=2.0,
        help="how long each action runs; 0 for instant, -1 for Hetzner-like durations",
    )
    cli.add_argument("--rate-limit", type=int, default=3600, help="requests per hour")
    cli.add_argument(
        "--faults",
        default="",
        help="failures to inject, e.g. 'html_502=0.1,drop=0.05,timeout=0.02,latency=0.05'",
    )
    cli.add_argument("--seed", type=int, help="seed for reproducible faults")
    tls = cli.add_argument_group("HTTPS (the Cloud API and the Hetzner API; Robot stays HTTP)")
    tls.add_argument("--certfile", help="PEM file of the server's certificate (and its chain)")
    tls.add_argument("--keyfile", help="PEM file of its private key (default: in --certfile)")
    robot = cli.add_argument_group("Robot webservice (dedicated servers)")
    robot.add_argument(
        "--robot-port", type=int, help="its port (default: --port + 1, any free one with --port 0)"
    )
    robot.add_argument("--robot-user", default="#ws+simulator", help="its web-service user")
    robot.add_argument("--robot-password", help="its password (default: random)")
    return cli


async def serve(simulator: Simulator) -> None:
    """Run until SIGINT or SIGTERM (or cancellation), printing where to connect as Hetzner's own
    tools read it: ``HCLOUD_ENDPOINT``, ``HETZNER_ENDPOINT`` (the Hetzner API's, for Storage
    Boxes) and ``HCLOUD_TOKEN``.

    Both signals get a handler, so the simulator also stops cleanly when a supervisor sends
    SIGTERM or when it was started in the background of a script, where SIGINT is ignored.
    """
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    handled: list[signal.Signals] = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop.set)
        except (NotImplementedError, RuntimeError):  # Windows, or a thread other than main
            continue
        handled.append(signum)
    try:
        async with simulator:
            print(f"HCLOUD_ENDPOINT={simulator.url}", flush=True)
            print(f"HETZNER_ENDPOINT={simulator.url_for('hetzner-api')}", flush=True)
            print(f"HCLOUD_TOKEN={simulator.token}", flush=True)
            print(f"HETZNER_ROBOT_URL={simulator.robot.url}", flush=True)
            print(f"HETZNER_ROBOT_USER={simulator.robot.user}", flush=True)
            print(f"HETZNER_ROBOT_PASSWORD={simulator.robot.password}", flush=True)
            await stop.wait()
    finally:
        for signum in handled:
            loop.remove_signal_handler(signum)


def server_context(certfile: str | None, keyfile: str | None) -> ssl.SSLContext | None:
    """The TLS context serving ``certfile`` (``None``: plain HTTP); ``ValueError`` for a key
    without a certificate, ``OSError``/``ssl.SSLError`` for files that cannot be read."""
    if certfile is None:
        if keyfile is not None:
            raise ValueError("--keyfile needs --certfile")
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certfile, keyfile)
    return context


def simulator_from(args: argparse.Namespace) -> Simulator:
    """The simulator the parsed options describe; ``ValueError`` for bad ``--faults`` or TLS
    files."""
    injector = FaultInjector.parse(args.faults)
    try:
        ssl_context = server_context(args.certfile, args.keyfile)
    except OSError as error:  # ssl.SSLError is one
        raise ValueError(f"cannot load --certfile/--keyfile: {error}") from None
    return Simulator(
        host=args.host,
        port=args.port,
        token=args.token,
        read_only_tokens=args.read_only_token,
        action_seconds=None if args.action_seconds < 0 else args.action_seconds,
        rate_limit=args.rate_limit,
        faults=injector.faults,
        latency=injector.latency,
        seed=args.seed,
        robot_options={
            "port": args.robot_port if args.robot_port is not None else args.port and args.port + 1,
            "user": args.robot_user,
            "password": args.robot_password,
        },
        ssl_context=ssl_context,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments and serve."""
    args = parser().parse_args(argv)
    try:
        simulator = simulator_from(args)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        asyncio.run(serve(simulator))
    except KeyboardInterrupt:
        pass
    except OSError as error:
        print(f"error: cannot serve on {args.host}:{args.port}: {error.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
