"""Execute the notebooks in notebooks/ on the project's Deno kernel, headless.

    python3 scripts/run-notebooks.py [--store] [NOTEBOOK ...]

Without --store, each notebook is executed in memory and the stored file is left untouched:
the run fails (exit 1) when a cell raises or leaves an error output, and the failing notebook,
cell and error are printed. With --store, the executed notebook (outputs included) is written
back in place, so the repository shows current outputs.

Needs Jupyter's nbclient (Debian: python3-nbclient jupyter-client jupyter-core) and
`npm ci` (deno comes from npm). The kernelspec is the project's own jupyter/kernels/deno, found
through JUPYTER_PATH, so nothing depends on a path of one machine.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    [str(ROOT / "jupyter"), os.environ.get("JUPYTER_PATH", "")]
).rstrip(os.pathsep)

try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionComplete, CellExecutionError
    from nbclient.util import ensure_async
except ImportError:
    # Debian's Jupyter lives in the system Python; another python3 may come first on PATH.
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
    sys.stderr.write(
        "run-notebooks: Jupyter's nbclient is missing; install it with\n"
        "  sudo apt-get install python3-nbclient jupyter-client jupyter-core\n"
        "or: pip install nbclient\n"
    )
    sys.exit(2)

CELL_TIMEOUT_SECONDS = 600
# How long to wait, after the last cell reports idle, for outputs the kernel sends late.
LAST_CELL_DRAIN_SECONDS = 2.0


class DenoNotebookClient(NotebookClient):
    """nbclient, tolerant of outputs that arrive after their cell reported idle.

    deno 2.9.6's kernel sometimes publishes a cell's stdout or result after the idle status
    that ends the cell (seen here: 1 run in 3 of a two-cell notebook). Plain nbclient then
    drops them, as messages of no current cell, and the stored notebook silently loses
    outputs. Here each message goes to the cell whose request it answers, whenever it comes,
    and after the last cell the channel is drained for a moment.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells_by_request = {}

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        self.cells_by_request[parent_msg_id] = (cell, cell_index)
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            if self.route_late(msg, parent_msg_id):
                continue
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    break
        if cell_index == len(self.nb.cells) - 1 or all(
            c.cell_type != "code" for c in self.nb.cells[cell_index + 1 :]
        ):
            await self.drain(parent_msg_id)

    def route_late(self, msg, current):
        """Process an output of an earlier cell into that cell; True when it was one."""
        parent = msg["parent_header"].get("msg_id")
        if parent == current or parent not in self.cells_by_request:
            return False
        if msg["msg_type"] not in ("status", "execute_input"):
            self.process_message(msg, *self.cells_by_request[parent])
        return True

    async def drain(self, current):
        while True:
            try:
                msg = await ensure_async(
                    self.kc.iopub_channel.get_msg(timeout=LAST_CELL_DRAIN_SECONDS)
                )
            except Exception:  # queue.Empty: nothing more came
                return
            parent = msg["parent_header"].get("msg_id")
            if parent in self.cells_by_request and msg["msg_type"] not in (
                "status",
                "execute_input",
            ):
                self.process_message(msg, *self.cells_by_request[parent])


def error_outputs(notebook):
    """(cell index, error name, error value) of every error output left in the notebook."""
    found = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append((index, output.get("ename", ""), output.get("evalue", "")))
    return found


def run(path, store):
    notebook = nbformat.read(path, as_version=4)
    client = DenoNotebookClient(
        notebook,
        kernel_name="deno",
        timeout=CELL_TIMEOUT_SECONDS,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as error:
        first_line = str(error).strip().splitlines()[-1] if str(error).strip() else "error"
        sys.stderr.write(f"{path.name}: a cell failed: {first_line}\n")
        return False
    errors = error_outputs(notebook)
    for index, name, value in errors:
        sys.stderr.write(f"{path.name}: cell {index + 1} has an error output: {name}: {value}\n")
    if errors:
        return False
    if store:
        for cell in notebook.cells:
            cell.get("metadata", {}).pop("execution", None)
        nbformat.write(notebook, path)
    print(f"{path.name}: {len(notebook.cells)} cells ran" + (", outputs stored" if store else ""))
    return True


def main(argv):
    store = "--store" in argv
    names = [arg for arg in argv if not arg.startswith("--")]
    paths = (
        [Path(name).resolve() for name in names]
        if names
        else sorted((ROOT / "notebooks").glob("*.ipynb"))
    )
    if not paths:
        sys.stderr.write("run-notebooks: no notebooks found\n")
        return 2
    failed = [path.name for path in paths if not run(path, store)]
    if failed:
        sys.stderr.write(f"run-notebooks: {len(failed)} failed: {', '.join(failed)}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
