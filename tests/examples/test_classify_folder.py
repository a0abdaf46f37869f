"""examples/classify_folder.py (the sdk's inferstack-classify-folder), run as users run it: a
subprocess against a real uvicorn gateway; its retries in-process, against a fake transport."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx
import pytest

from inferstack_client import AuthenticatedClient
from inferstack_sdk import Gateway, GatewayConfig
from inferstack_sdk.folder.options import Options
from inferstack_sdk.folder.run import Classifier, Item
from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.process import free_ports
from inferstack_tools.launcher.triton import TritonServer
from tests.digit_images import held_out, render

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "examples" / "classify_folder.py"
API_KEY = "folder-key-123"
BAD_FILES = {"corrupt.png", "empty.jpg"}
TOP_LEVEL = 10  # digits directly in the folder; two more live in more/


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 held-out digits (PNG and JPEG, any-case extensions, two in a sub-folder), a corrupt
    PNG, an empty JPEG and a text file. Each digit's file name ends in its true label."""
    root = tmp_path_factory.mktemp("scans")
    (root / "more").mkdir()
    data = held_out()
    suffixes = [".png", ".jpg", ".PNG", ".jpeg", ".png", ".JPG"]
    for i in range(12):
        suffix = suffixes[i % len(suffixes)]
        fmt = "JPEG" if suffix.lower() in {".jpg", ".jpeg"} else "PNG"
        where = root if i < TOP_LEVEL else root / "more"
        image = render(data.images[i], size=48 + 4 * i, fmt=fmt)
        (where / f"d{i:02d}-{data.labels[i]}{suffix}").write_bytes(image)
    (root / "corrupt.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really a png" * 8)
    (root / "empty.jpg").write_bytes(b"")
    (root / "notes.txt").write_text("not an image")
    return root


def classify(
    *args: str | Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("INFERSTACK_")}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**base, **(env or {})},
        timeout=180,
        check=False,
    )


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def true_label(key: str) -> str:
    return Path(key).stem.rsplit("-", 1)[1]


def image_requests(gateway: GatewayServer) -> float:
    """How many classification requests the gateway has answered, from its /metrics."""
    text = httpx.get(f"{gateway.url}/metrics").text
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("inferstack_gateway_requests_total{")
        and 'route="/v1/image-classification"' in line
    )


def check_first_run(rows: list[dict[str, str]], expected_keys: set[str]) -> None:
    assert sorted(r["path"] for r in rows) == sorted(expected_keys)  # one line per input
    errors = {r["path"]: r for r in rows if r["status"] == "error"}
    ok = [r for r in rows if r["status"] == "ok"]
    assert set(errors) == BAD_FILES  # batch-mates of the bad files are not failed with them
    for row in errors.values():
        assert row["error"].startswith("HTTP 422"), row
        assert row["label"] == ""
        assert row["model"] == "digits"
    assert len(ok) == len(expected_keys) - len(BAD_FILES)
    correct = sum(r["label"] == true_label(r["path"]) for r in ok)
    assert correct / len(ok) >= 0.9, ok
    for row in ok:
        assert row["model"] == "digits"
        assert row["version"] in {"1", "2", "3"}
        assert row["error"] == ""
        top = json.loads(row["top_k"])
        assert len(top) == 3
        assert top[0] == {"label": row["label"], "probability": float(row["probability"])}
        assert [p["probability"] for p in top] == sorted(
            (p["probability"] for p in top), reverse=True
        )


def test_csv_run_then_resume(folder: Path, gateway_server: GatewayServer, tmp_path: Path) -> None:
    out = tmp_path / "results.csv"
    base: list[str | Path] = [folder, "-o", out, "--recursive", "--gateway-url", gateway_server.url]
    first = classify(*base, "--batch-size", "4", "--concurrency", "3")

    assert first.returncode == 1, first.stderr  # the two bad files failed
    assert "Traceback" not in first.stderr
    assert "12 ok, 2 failed, skipped 0" in first.stdout
    assert "failed: corrupt.png: HTTP 422" in first.stderr
    rows = read_csv(out)
    digits = {p.relative_to(folder).as_posix() for p in folder.rglob("d*-*")}
    check_first_run(rows, digits | BAD_FILES)
    first_text = out.read_text()

    # Re-run: the ok files are skipped, the failed ones are tried again and get a new line.
    before = image_requests(gateway_server)
    second = classify(*base, "--batch-size", "4")
    sent = image_requests(gateway_server) - before

    assert second.returncode == 1, second.stderr
    assert "0 ok, 2 failed, skipped 12" in second.stdout
    assert 1 <= sent <= len(BAD_FILES)  # only the two bad files went out again
    text = out.read_text()
    assert text.startswith(first_text)  # appended, nothing rewritten
    new = read_csv(out)[len(rows) :]
    assert sorted(r["path"] for r in new) == sorted(BAD_FILES)
    assert all(r["status"] == "error" for r in new)
    ok_paths = [r["path"] for r in read_csv(out) if r["status"] == "ok"]
    assert len(ok_paths) == len(set(ok_paths)) == 12

    # --skip-errors: nothing left to try; still exit 1, since two inputs are not ok.
    third = classify(*base, "--skip-errors")
    assert third.returncode == 1, third.stderr
    assert "skipped 14 already done (2 of them failed before)" in third.stdout
    assert out.read_text() == text


def test_jsonl_output_non_recursive_one_image_per_request(
    folder: Path, gateway_server: GatewayServer, tmp_path: Path
) -> None:
    out = tmp_path / "results.jsonl"
    env = {"INFERSTACK_GATEWAY_URL": gateway_server.url}
    result = classify(folder, "--output", out, "--batch-size", "1", "--top-k", "2", env=env)

    assert result.returncode == 1, result.stderr
    lines = out.read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == TOP_LEVEL + len(BAD_FILES)  # more/ is left out without --recursive
    assert all("/" not in r["path"] for r in records)
    by_status = {
        status: [r for r in records if r["status"] == status] for status in ("ok", "error")
    }
    assert {r["path"] for r in by_status["error"]} == BAD_FILES
    for record in by_status["error"]:
        assert record["error"].startswith("HTTP 422")
        assert record["label"] is None
    for record in by_status["ok"]:
        assert isinstance(record["probability"], float)
        assert record["error"] is None
        assert len(record["top_k"]) == 2
        assert record["top_k"][0]["label"] == record["label"]
    correct = sum(r["label"] == true_label(r["path"]) for r in by_status["ok"])
    assert correct / len(by_status["ok"]) >= 0.9


def test_all_ok_exits_0_and_resumes_after_a_cut_off_line(
    folder: Path, gateway_server: GatewayServer, tmp_path: Path
) -> None:
    good = tmp_path / "good"
    good.mkdir()
    for path in sorted(folder.glob("d0[0-3]-*")):
        (good / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "results.jsonl"
    args: list[str | Path] = [good, "-o", out, "--gateway-url", gateway_server.url]
    assert classify(*args).returncode == 0
    lines = out.read_text().splitlines()
    assert len(lines) == 4
    # An interrupted run can leave half a line: that input is simply done again.
    out.write_text("\n".join(lines[:3]) + "\n" + lines[3][:20])
    again = classify(*args)
    assert again.returncode == 0, again.stderr
    assert "1 ok, 0 failed, skipped 3" in again.stdout
    assert "1 line(s)" in again.stderr  # the cut-off line is reported, not silently used
    final = out.read_text().splitlines()
    assert final[:3] == lines[:3]
    assert json.loads(final[-1])["path"] == json.loads(lines[3])["path"]


def test_interrupted_run_loses_nothing_and_resumes(
    gateway_server: GatewayServer, tmp_path: Path
) -> None:
    data = held_out()
    many = tmp_path / "many"
    many.mkdir()
    for i in range(400):
        (many / f"x{i:03d}.png").write_bytes(render(data.images[i % len(data.labels)]))
    out = tmp_path / "results.jsonl"
    argv = [str(many), "-o", str(out), "--gateway-url", gateway_server.url, "--batch-size", "1"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("INFERSTACK_")}
    with subprocess.Popen(
        [sys.executable, str(SCRIPT), *argv, "--concurrency", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as process:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if out.exists() and out.read_text().count("\n") >= 10:
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "run the same command to resume" in stderr
    assert "Traceback" not in stderr
    text = out.read_text()
    assert text.endswith("\n")
    done = [json.loads(line) for line in text.splitlines()]  # every line whole
    assert 10 <= len(done) < 400

    again = classify(*argv, "--concurrency", "4")
    assert again.returncode == 0, again.stderr
    assert f"{400 - len(done)} ok, 0 failed, skipped {len(done)}" in again.stdout
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert out.read_text().startswith(text)
    assert sorted(r["path"] for r in records) == [f"x{i:03d}.png" for i in range(400)]


def test_help_shows_an_example() -> None:
    result = classify("--help")
    assert result.returncode == 0
    for text in ("--concurrency", "--batch-size", "--skip-errors", "example:", ".jsonl"):
        assert text in result.stdout


def test_the_sdk_runs_the_same_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "inferstack_sdk.folder", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "inferstack-classify-folder ./scans --recursive" in result.stdout
    scripts = tomllib.loads((REPO_ROOT / "packages/sdk/pyproject.toml").read_text())["project"]
    assert scripts["scripts"]["inferstack-classify-folder"] == "inferstack_sdk.folder:main"


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def test_unreachable_gateway_is_one_line_and_exit_2(folder: Path, tmp_path: Path) -> None:
    (port,) = free_ports(1)
    out = tmp_path / "results.csv"
    line = one_line_error(classify(folder, "-o", out, "--gateway-url", f"http://127.0.0.1:{port}"))
    assert f"cannot reach the gateway at http://127.0.0.1:{port}" in line
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{tmp}/missing", "-o", "{tmp}/r.csv"], "folder not found"),
        (["{folder}", "-o", "{tmp}/r.txt"], "--output must end in .csv, .jsonl or .ndjson"),
        (["{folder}", "-o", "{tmp}/r.csv", "--model", "nope"], "refused model 'nope': HTTP 404"),
        (["{folder}", "-o", "{tmp}/r.csv", "--version", "9"], "has no version '9'"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    folder: Path, gateway_server: GatewayServer, tmp_path: Path, args: list[str], message: str
) -> None:
    argv = [a.format(tmp=tmp_path, folder=folder) for a in args]
    line = one_line_error(classify(*argv, "--gateway-url", gateway_server.url))
    assert message in line


@pytest.mark.parametrize(("name", "content"), [("a.csv", "a,b\n1,2\n"), ("a.jsonl", "x\ny\n")])
def test_output_that_is_not_ours_is_refused(
    folder: Path, gateway_server: GatewayServer, tmp_path: Path, name: str, content: str
) -> None:
    out = tmp_path / name
    out.write_text(content)
    line = one_line_error(classify(folder, "-o", out, "--gateway-url", gateway_server.url))
    assert "not a results file of this script" in line
    assert out.read_text() == content


@pytest.fixture(scope="module")
def secured_gateway(
    triton: TritonServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    (port,) = free_ports(1)
    server = GatewayServer(
        host="127.0.0.1",
        port=port,
        log_file=tmp_path_factory.mktemp("secured-gateway") / "gateway.log",
        env={"GATEWAY_TRITON_URL": triton.grpc_url, "GATEWAY_API_KEYS": API_KEY},
    )
    server.start()
    yield server.url
    server.stop()


def test_api_key(folder: Path, secured_gateway: str, tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    for path in sorted(folder.glob("d0[0-1]-*")):
        (good / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "results.csv"
    args: list[str | Path] = [good, "-o", out, "--gateway-url", secured_gateway]

    line = one_line_error(classify(*args))
    assert "HTTP 401" in line
    assert "--api-key" in line
    line = one_line_error(classify(*args, "--api-key", "wrong"))
    assert "HTTP 401" in line
    assert "not valid" in line

    result = classify(*args, env={"INFERSTACK_API_KEY": API_KEY})
    assert result.returncode == 0, result.stderr
    assert [r["status"] for r in read_csv(out)] == ["ok", "ok"]


# --- retries, in-process: a fake transport plays the flaky gateway --------------------------------


def _options(tmp_path: Path, **changes: object) -> Options:
    values: dict[str, object] = {
        "folder": tmp_path,
        "output": tmp_path / "r.csv",
        "output_format": "csv",
        "gateway_url": "http://gateway.test",
        "api_key": None,
        "model": "digits",
        "version": None,
        "top_k": 1,
        "concurrency": 1,
        "batch_size": 2,
        "retries": 2,
        "backoff_s": 0.0,
        "timeout_s": 5.0,
        "recursive": False,
        "skip_errors": False,
        "progress": False,
    }
    values.update(changes)
    return Options(**values)  # type: ignore[arg-type]


def _answer(request: httpx.Request) -> httpx.Response:
    images = json.loads(request.content)["images"]
    results = [
        {"index": i, "name": image["name"], "predictions": [{"label": "7", "probability": 0.9}]}
        for i, image in enumerate(images)
    ]
    timings = {"preprocess_ms": 1, "inference_ms": 1, "postprocess_ms": 1, "total_ms": 3}
    body = {"model": "digits", "version": "2", "results": results, "timings": timings}
    return httpx.Response(200, json={**body, "request_id": "r"})


def _problem(status: int, detail: str, errors: list[object] | None = None) -> httpx.Response:
    body = {
        "type": "https://inferstack.dev/problems/x",
        "title": "Trouble",
        "status": status,
        "detail": detail,
        "instance": "/v1/image-classification",
        "request_id": "r",
        "errors": errors or [],
    }
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json"})


def _classifier(tmp_path: Path, handler: httpx.MockTransport, **changes: object) -> Classifier:
    options = _options(tmp_path, **changes)
    client = AuthenticatedClient(base_url=options.gateway_url, token="key")
    client.set_httpx_client(httpx.Client(base_url=options.gateway_url, transport=handler))
    return Classifier(Gateway(GatewayConfig(options.gateway_url), client=client), options)


def _items(tmp_path: Path, n: int) -> list[Item]:
    items = []
    for i in range(n):
        path = tmp_path / f"f{i}.png"
        path.write_bytes(b"png bytes")
        items.append(Item(path, path.name))
    return items


def test_transient_errors_are_retried(tmp_path: Path) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            raise httpx.ConnectError("connection refused", request=request)
        if len(calls) == 2:
            return _problem(503, "Triton is restarting")
        return _answer(request)

    classifier = _classifier(tmp_path, httpx.MockTransport(handler))
    records = classifier.classify(_items(tmp_path, 2))
    assert len(calls) == 3
    assert [(r.status, r.label, r.version) for r in records] == [("ok", "7", "2")] * 2


def test_retries_run_out_with_the_last_reason(tmp_path: Path) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return _problem(504, "Triton took too long")

    classifier = _classifier(tmp_path, httpx.MockTransport(handler), retries=3)
    records = classifier.classify(_items(tmp_path, 2))
    assert len(calls) == 4
    for record in records:
        assert record.status == "error"
        assert record.error == (
            "HTTP 504 (Trouble): Triton took too long (gave up after 4 attempts)"
        )


def test_named_images_fail_alone_and_their_batch_mates_go_one_by_one(
    tmp_path: Path,
) -> None:
    sizes: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        images = json.loads(request.content)["images"]
        sizes.append(len(images))
        if any(image["name"] == "f1.png" for image in images):
            index = [image["name"] for image in images].index("f1.png")
            return _problem(422, "bad", [{"loc": ["body", "images", index], "msg": "corrupt"}])
        return _answer(request)

    classifier = _classifier(tmp_path, httpx.MockTransport(handler), batch_size=3)
    records = classifier.classify(_items(tmp_path, 3))
    assert sizes == [3, 1, 1]
    assert {r.path: (r.status, r.error) for r in records} == {
        "f0.png": ("ok", None),
        "f1.png": ("error", "HTTP 422 (Trouble): corrupt"),
        "f2.png": ("ok", None),
    }


def test_request_level_4xx_fails_the_whole_batch_once(tmp_path: Path) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return _problem(404, "model 'digits' has no version '7'")

    classifier = _classifier(tmp_path, httpx.MockTransport(handler))
    records = classifier.classify(_items(tmp_path, 2))
    assert len(calls) == 1
    assert [r.error for r in records] == [
        "HTTP 404 (Trouble): model 'digits' has no version '7'"
    ] * 2


def test_a_gateway_gone_for_good_stops_the_sending(tmp_path: Path) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.ConnectError("connection refused", request=request)

    classifier = _classifier(tmp_path, httpx.MockTransport(handler), retries=1)
    first = classifier.classify(_items(tmp_path, 2))
    later = classifier.classify(_items(tmp_path, 2))
    assert len(calls) == 2, "one request and its one retry; nothing after"
    reason = "network error: ConnectError: connection refused (gave up after 2 attempts)"
    assert [r.error for r in first] == [reason] * 2
    assert [r.error for r in later] == [f"not sent: {reason}"] * 2


def test_an_undocumented_status_still_gives_a_reason(tmp_path: Path) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(500, text="boom"))
    classifier = _classifier(tmp_path, transport)
    records = classifier.classify(_items(tmp_path, 1))
    assert records[0].error == "HTTP 500 (Internal Server Error): boom"


def test_examples_requirements_are_in_the_dev_environment() -> None:
    """What examples/requirements.txt asks users to install, the workspace env has too."""
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    dev = pyproject["tool"]["hatch"]["envs"]["default"]["dependencies"]
    text = (REPO_ROOT / "examples" / "requirements.txt").read_text()
    wanted = [
        line.split("#")[0].strip()
        for line in io.StringIO(text)
        if line.split("#")[0].strip() and not line.lstrip().startswith(("-", "."))
    ]
    assert wanted, "examples/requirements.txt lists nothing"
    for requirement in wanted:
        assert requirement in dev, f"{requirement!r} is not in the root pyproject's dev env"
