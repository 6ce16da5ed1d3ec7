"""Chart geometry (insight.charts): plain values in, positions out."""

from insight.charts import WIDTH, bar_chart, line_chart


def test_bars_are_as_long_as_their_values_and_share_one_scale():
    chart = bar_chart(
        uid="c", title="T", description="D", items=[("A", 50, "50"), ("B", 100, "100")]
    )

    short, long = chart.bars
    assert long.width == 2 * short.width
    assert long.value_x + 50 <= WIDTH  # the value fits after the longest bar
    assert short.bar_y < long.bar_y


def test_a_long_label_is_shortened_in_the_chart_only():
    chart = bar_chart(uid="c", title="T", description="D", items=[("x" * 80, 1, "1")])

    assert len(chart.bars[0].label) == 48 and chart.bars[0].label.endswith("…")


def test_a_line_has_a_gap_where_there_is_no_figure_and_a_target_line():
    chart = line_chart(
        uid="c",
        title="T",
        description="D",
        items=[("Jan", 50, "50%"), ("Feb", None, "no data"), ("Mar", 100, "100%")],
        top=100,
        target=90,
    )

    assert chart.path.count("M") == 2 and "L" not in chart.path
    assert chart.points[1].y is None
    assert chart.points[2].y < chart.points[0].y  # higher values higher up
    assert chart.target_y is not None and chart.target_y < chart.points[0].y
    assert not chart.empty


def test_a_chart_with_no_figures_says_it_is_empty():
    assert bar_chart(uid="c", title="T", description="D", items=[]).empty
    assert line_chart(uid="c", title="T", description="D", items=[("Jan", None, "")]).empty
