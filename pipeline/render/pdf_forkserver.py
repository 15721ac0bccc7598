"""Imported first, and only, in the forkserver that starts the PDF pool's children (pdf_parts._PRELOAD): from
here on it ignores Ctrl-C, and so does every child it forks, from the child's first instruction; and its
collector runs as a command's does (settings.COLLECTOR), in each child too.

The terminal sends Ctrl-C to every process in its group, and the builder stops its pool itself (pdf_parts). A
child forked but not yet at its initializer (`pdf_parts._follow`) printed Python's traceback of the
interrupt, and so did the forkserver while it imported WeasyPrint; the child's death then made the builder
lay the page out whole. The forkserver keeps the SIGINT disposition it finds once its preload list is
imported, and gives it to each child it forks (multiprocessing.forkserver.main). The test of where this runs
keeps an import anywhere else (a program started with -c that also imported the forkserver module is the
forkserver) from taking Ctrl-C away from a person's own command.
"""

from __future__ import annotations

import signal
import sys
import threading

from pipeline.settings import tune_collector

if (
    sys.argv[:1] == ["-c"]
    and getattr(sys.modules.get("multiprocessing"), "forkserver", None) is not None  # imported: we are in it
    and threading.current_thread() is threading.main_thread()
):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tune_collector()  # as a command's own process (settings.COLLECTOR): each child forked keeps it
