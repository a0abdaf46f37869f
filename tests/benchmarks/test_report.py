from pathlib import Path

from inferstack_bench.report import markdown, ratio_lines, targets, write
from inferstack_bench.runner import Cell


def cell(
    model: str,
    arm: str,
    concurrency: int,
    throughput: float,
    p50: float,
    cpu: dict[str, float] | None = None,
) -> Cell:
    return Cell(
        model=model,
        arm=arm,
        concurrency=concurrency,
        throughput=throughput,
        p50_ms=p50,
        p90_ms=p50 * 1.5,
        p99_ms=p50 * 2,
        requests=100,
        errors=0,
        stable=True,
        windows=3,
        cpu_ms_per_request=cpu or {"gateway": 1.0, "triton": 2.0},
        client_cpu_ms_per_request=0.5,
        health_p99_ms=3.0,
        health_probes=50,
        health_failures=0,
        error_samples=[],
    )


CELLS = [
    cell("digits", "direct", 1, 300.0, 3.0),
    cell("digits", "gateway", 1, 200.0, 4.0),
    cell("digits", "gateway", 16, 400.0, 40.0, {"gateway": 2.5, "triton": 0.5}),
    cell("digits", "gateway-nolog", 16, 410.0, 39.0, {"gateway-nolog": 2.4, "triton": 0.5}),
    cell("minilm", "direct", 16, 100.0, 160.0),
    cell("minilm", "v2", 16, 80.0, 200.0),
    cell("minilm", "gateway", 64, 90.0, 700.0),
    cell("minilm", "monolith-async", 64, 60.0, 1000.0),
]


def test_targets_are_computed_from_the_matching_cells() -> None:
    added, v2_share, decoupled, health, log, *_ = targets(CELLS)
    assert [t.value for t in (added, v2_share, decoupled, health)] == [1.0, 0.8, 1.5, 3.0]
    assert [t.met for t in (added, v2_share, decoupled, health)] == [True, False, True, True]
    assert log.value is not None
    assert abs(log.value - 0.1) < 1e-9  # the gateway's CPU with the log less without it
    assert log.met


def test_a_target_without_its_cells_is_reported_as_not_measured() -> None:
    only_digits = [c for c in CELLS if c.model == "digits"]
    assert [t.met for t in targets(only_digits)][1:5] == [None, None, None, True]
    assert "not measured" in targets(only_digits)[1].line()


def test_cpu_targets_are_the_gateway_process_per_route_at_8_and_64_clients() -> None:
    cells = [
        cell("digits", "gateway", 8, 400.0, 20.0, {"gateway": 1.1, "triton": 0.5}),
        cell("digits", "gateway", 64, 400.0, 160.0, {"gateway": 1.3, "triton": 0.5}),
        cell("digits", "v2", 8, 900.0, 9.0, {"gateway": 0.6, "triton": 0.3}),
        cell("minilm", "gateway", 64, 100.0, 600.0, {"gateway": 0.9, "triton": 7.0}),
    ]
    cpu = {t.name: t for t in targets(cells) if t.name.endswith(": gateway CPU per request")}
    assert len(cpu) == 6  # three routes, at c=8 and c=64
    met = {name.split(": ")[0]: t.met for name, t in cpu.items()}
    assert met == {
        "digits task endpoint (one PNG), c=8": True,
        "digits task endpoint (one PNG), c=64": False,
        "digits v2 pass-through (one tensor, JSON), c=8": True,
        "digits v2 pass-through (one tensor, JSON), c=64": None,
        "minilm embeddings (one sentence), c=8": None,
        "minilm embeddings (one sentence), c=64": True,
    }


def test_ratios_name_each_model_and_concurrency() -> None:
    lines = ratio_lines(CELLS)
    assert "digits c=1: gateway/direct 0.67x" in lines[0]
    assert any("decoupled/monolith-async 1.50x" in line for line in lines)
    (digits_16,) = [line for line in lines if line.startswith("digits c=16: ")]
    assert "log adds gateway CPU 0.10 ms/request" in digits_16


def test_the_page_has_a_row_per_cell_and_the_machine(tmp_path: Path) -> None:
    page = markdown(CELLS, {"cpu": "test CPU", "date": "today"}, "results.png")
    assert "- cpu: test CPU" in page
    assert page.count("\n| ") == len(CELLS) + 2  # two header rows
    assert "| gateway 1.00, Triton 2.00 | 0.50 | 3.00 | yes |" in page  # server, client, health
    written = write(CELLS, {"date": "today"}, tmp_path)
    assert [p.name for p in written] == ["results.md", "results.png", "results.json"]
    assert (tmp_path / "results.png").read_bytes().startswith(b"\x89PNG")


def test_the_log_measured_side_by_side_is_the_figure_judged_per_model() -> None:
    sequential = [t for t in targets(CELLS) if "prediction log" in t.name]
    side_by_side = [
        t for t in targets(CELLS, {"digits": 0.2, "minilm": 0.1}) if "prediction log" in t.name
    ]
    assert len(sequential) == 1
    assert sequential[0].met
    assert sequential[0].value is not None
    assert abs(sequential[0].value - 0.1) < 1e-9
    assert [(t.name.split(",")[0], t.value, t.met) for t in side_by_side] == [
        ("digits", 0.2, False),
        ("minilm", 0.1, True),
    ]
    assert all("loaded at once, both orders" in t.name for t in side_by_side)
