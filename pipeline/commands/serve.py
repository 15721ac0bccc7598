"""`coproduce serve`: the coordinator's workbench in the browser (pipeline/web/)."""

from __future__ import annotations

import asyncio
import logging
import secrets
import socket
import webbrowser
from pathlib import Path

import click

from pipeline.commands._common import response_dirs, workbench_here
from pipeline.errors import UsageError


@click.command()
@click.argument("responses", nargs=-1, type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(1, 65535), help="The port to listen on (default: a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the workbench in your web browser.")
@click.option(
    "--as",
    "acting",
    metavar="ID",
    help="Who is using it (a contributor id): every change is recorded as theirs. Without it, the first page asks.",
)
def command(responses: tuple[Path, ...], port: int | None, open_browser: bool, acting: str | None) -> None:
    """Open the workbench for RESPONSES (default: all): next steps, a live preview, builds and downloads.

    It listens on 127.0.0.1 only and opens only from the address it prints (it carries a one-time key);
    stop it with Ctrl-C.
    """
    try:
        import uvicorn
    except ImportError:  # pragma: no cover - a dependency of coproduce
        raise UsageError("uvicorn is not installed", "install coproduce again", code="usage.serve-missing") from None
    from pipeline.web.app import HOST, make_app

    folders = response_dirs(responses)
    wb = workbench_here(folders[0] if folders else None)
    if acting is not None:
        _known_person(wb.root, acting)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port or 0))  # loopback only; port 0 asks the system for a free one
    except OSError as exc:
        raise UsageError(
            f"cannot listen on port {port}: {exc.strerror}", "choose another --port", code="usage.port"
        ) from None
    sock.listen(64)  # connections wait in the queue from now on, even before the server takes them
    chosen = sock.getsockname()[1]
    token = secrets.token_urlsafe(24)
    address = f"http://{HOST}:{chosen}/?token={token}"
    plural = "s" if len(folders) != 1 else ""
    click.echo(f"Serving {len(folders)} response{plural} at {address}  (Ctrl-C stops)", color=False)
    if open_browser:
        webbrowser.open(address)
    app = make_app(wb.root, folders, chosen, token=token, acting=acting)
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=2)
    logging.getLogger("uvicorn").getChild("error").addFilter(QuietStop())  # where uvicorn logs a request's error
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn raises Ctrl-C again once it has stopped: the way serve is meant to end
        click.echo("Stopped.", color=False)


class QuietStop(logging.Filter):
    """Ctrl-C while a page was still working (a build, say): once the two seconds' grace are over, uvicorn
    cancels it and logged Python's traceback of the cancellation. Said in a line instead; what the page was
    doing is stopped or finished, and every file is written whole or not at all (render/write.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().startswith("Cancel ") and "graceful shutdown exceeded" in record.getMessage():
            return False  # "Cancel 1 running task(s), timeout graceful shutdown exceeded": the line below says it
        if record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError):
            record.msg, record.args = "Stopped while a page was still working; nothing half-written is kept.", ()
            record.exc_info = record.exc_text = None
        return True


def _known_person(root: Path, person: str) -> None:
    from pipeline.vocabulary import ID

    if not ID.fullmatch(person) or not (root / "contributors" / f"{person}.yaml").is_file():
        raise UsageError(
            f"--as {person}: there is no contributor with that id",
            "give the id of a person in contributors/, like --as hal",
            code="usage.unknown-person",
        )
