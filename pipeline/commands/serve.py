"""`coproduce serve`: a live preview of each response and a dashboard of where they all stand."""

from __future__ import annotations

import socket
import webbrowser
from pathlib import Path

import click

from pipeline.commands._common import response_dirs, workbench_here
from pipeline.errors import UsageError


@click.command()
@click.argument("responses", nargs=-1, type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(1, 65535), help="The port to listen on (default: a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the dashboard in the browser.")
def command(responses: tuple[Path, ...], port: int | None, open_browser: bool) -> None:
    """Serve a dashboard of RESPONSES (default: all) and a draft preview of each that updates as files are saved.

    It listens on 127.0.0.1 only; stop it with Ctrl-C.
    """
    try:
        import uvicorn
    except ImportError:  # pragma: no cover - a dependency of coproduce
        raise UsageError("uvicorn is not installed", "install coproduce again", code="usage.serve-missing") from None
    from pipeline.commands._serve_app import HOST, make_app

    folders = response_dirs(responses)
    root = workbench_here(folders[0] if folders else None).root
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port or 0))  # loopback only; port 0 asks the system for a free one
    except OSError as exc:
        raise UsageError(
            f"cannot listen on port {port}: {exc.strerror}", "choose another --port", code="usage.port"
        ) from None
    sock.listen(64)  # connections wait in the queue from now on, even before the server takes them
    chosen = sock.getsockname()[1]
    address = f"http://{HOST}:{chosen}/"
    click.echo(f"Serving {len(folders)} response{'s' if len(folders) != 1 else ''} at {address}  (Ctrl-C stops)")
    if open_browser:
        webbrowser.open(address)
    server = uvicorn.Server(uvicorn.Config(make_app(root, folders, chosen), log_level="warning"))
    server.run(sockets=[sock])
