"""Run one conversion in a child process, so a converter crash (or OOM kill) fails that job only.

Protocol on stdout, one JSON object per line: {"progress": f, "stage": s} while working, then
{"result": {...}} on success. Errors: a non-zero exit with the converter's message on stderr.
With --check, only the upload check runs; its error is one JSON object {code, message, status}.

    python -m dlwb_model_service.model.convert_process SOURCE OUT_DIR FRAMEWORK [SETTINGS_JSON]
    python -m dlwb_model_service.model.convert_process --check SOURCE FRAMEWORK
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from pathlib import Path

from dlwb_common.api.models import ConversionSettings
from dlwb_common.errors import DlwbError
from dlwb_model_service.model.conversion import Converted, IrFiles

STDERR_KEPT = 4000


class ConversionError(DlwbError):
    code = "conversion.failed"
    status = 422


async def convert_in_child(source: Path, out_dir: Path, report: Callable[[float, str], Awaitable[None]],
                           settings: ConversionSettings | None = None, framework: str = "onnx") -> Converted:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "dlwb_model_service.model.convert_process", str(source), str(out_dir), framework,
        (settings or ConversionSettings()).model_dump_json(),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    result = None
    assert process.stdout is not None and process.stderr is not None
    stderr_task = asyncio.create_task(process.stderr.read())
    async for line in process.stdout:
        message = json.loads(line)
        if "result" in message:
            result = message["result"]
        else:
            await report(message["progress"], message["stage"])
    code = await process.wait()
    stderr = (await stderr_task).decode(errors="replace").strip()
    if code != 0 or result is None:
        if code < 0:
            raise ConversionError(f"the converter crashed (signal {-code}); {stderr[-STDERR_KEPT:]}",
                                  code="conversion.crashed")
        raise ConversionError(stderr[-STDERR_KEPT:] or f"the converter exited with code {code}")
    return Converted(inputs=result["inputs"], outputs=result["outputs"], analysis=result["analysis"],
                     variants=[IrFiles(**{k: Path(v) if k in ("xml", "bin") else v for k, v in variant.items()})
                               for variant in result["variants"]])


async def check_in_child(source: Path, framework: str) -> None:
    """``formats.check_readable`` in a child process: reading a multi-GB model must not grow the
    service's own memory. Raises the same errors (code and message) as the check itself."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "dlwb_model_service.model.convert_process", "--check", str(source), framework,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    stdout, stderr = await process.communicate()
    if process.returncode == 0:
        return
    try:
        error = json.loads(stdout)
    except ValueError:
        error = {"code": "model.invalid", "message": f"the model check crashed (code {process.returncode}): "
                 f"{stderr.decode(errors='replace')[-STDERR_KEPT:]}"}
    raise DlwbError(error["message"], code=error["code"], status=error.get("status", 422))


def check_main(source: Path, framework: str) -> None:
    from dlwb_model_service.model.formats import check_readable

    try:
        check_readable(source, framework)
    except DlwbError as exc:
        print(json.dumps({"code": exc.code, "message": exc.message, "status": exc.status}), flush=True)
        raise SystemExit(1) from None


def main() -> None:
    from dlwb_model_service.model.conversion import convert
    from dlwb_model_service.model.formats import PYTORCH_EXTRA_HINT
    from dlwb_model_service.model.readers import NeedsTorchError

    if sys.argv[1] == "--check":
        check_main(Path(sys.argv[2]), sys.argv[3])
        return
    source, out_dir, framework = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    settings = ConversionSettings.model_validate_json(sys.argv[4]) if len(sys.argv) > 4 else None

    def report(progress: float, stage: str) -> None:
        print(json.dumps({"progress": progress, "stage": stage}), flush=True)

    try:
        converted = convert(source, out_dir, report, settings, framework)
    except NeedsTorchError:
        print(PYTORCH_EXTRA_HINT, file=sys.stderr)
        raise SystemExit(1) from None
    except Exception as exc:  # the converter's own message is the most useful thing to show
        print(str(exc).strip(), file=sys.stderr)
        raise SystemExit(1) from None
    print(json.dumps({"result": asdict(converted)}, default=str), flush=True)


if __name__ == "__main__":
    main()
