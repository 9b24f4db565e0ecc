//! Charts drawn in the browser by ECharts (through charming), over plain data both builds
//! know. The server renders an empty frame that the table beside every chart explains; the
//! browser loads the ECharts script on the first page that draws one, so pages without charts
//! never pay for it.

use leptos::prelude::*;

/// What a chart shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Plot {
    /// One bar per category.
    Bars {
        categories: Vec<String>,
        values: Vec<f64>,
    },
    /// Lines over categories, one per series; a series may lack some categories' values.
    Lines {
        categories: Vec<String>,
        series: Vec<Series>,
    },
    /// Bars over categories, one beside the other per stack, each the pile of its series.
    Stacked {
        categories: Vec<String>,
        stacks: Vec<Stack>,
    },
    /// Points on two value axes, named, in groups told apart by colour.
    Scatter {
        groups: Vec<Points>,
        x: String,
        y: String,
    },
    /// TextCode steps, each as wide as its value, as deals narrowing through a pipeline. The
    /// values must not grow from one step to the next: ECharts draws them largest first.
    Funnel { steps: Vec<(String, f64)> },
}

/// Series piled up into one bar per category of a stacked chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Stack {
    pub name: String,
    pub series: Vec<Series>,
}

/// A named line of a chart of lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// A named group of points of a scatter.
#[derive(Clone, Debug, PartialEq)]
pub struct Points {
    pub name: String,
    pub points: Vec<[f64; 2]>,
}

/// At most one of `points` per cell of a `cells` × `cells` grid over their extent: as many
/// as a chart a few hundred pixels wide can show apart. A scatter of 100,000 customers is
/// drawn from a few thousand, instead of ECharts taking every point on each redraw.
pub fn thinned(points: &[[f64; 2]], cells: f64) -> Vec<[f64; 2]> {
    let (mut low, mut high) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for p in points {
        for axis in 0..2 {
            low[axis] = low[axis].min(p[axis]);
            high[axis] = high[axis].max(p[axis]);
        }
    }
    let cell = |p: &[f64; 2], axis: usize| {
        let span = high[axis] - low[axis];
        if span > 0.0 {
            ((p[axis] - low[axis]) / span * cells) as u32
        } else {
            0
        }
    };
    let mut taken = std::collections::HashSet::new();
    points
        .iter()
        .filter(|p| taken.insert((cell(p, 0), cell(p, 1))))
        .copied()
        .collect()
}

/// A chart of `plot`, redrawn whenever it changes; `label` says what it shows to those who
/// cannot see it. `data-drawn` turns true once ECharts has drawn it.
#[component]
pub fn Chart(
    id: &'static str,
    label: &'static str,
    #[prop(into)] plot: Signal<Plot>,
) -> impl IntoView {
    let drawn = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    draw::follow(id, plot, drawn);
    #[cfg(not(feature = "hydrate"))]
    let _ = plot;
    view! {
        <div id=id class="chart" role="img" aria-label=label data-drawn=move || drawn.get().to_string()></div>
    }
}

#[cfg(feature = "hydrate")]
mod draw {
    use charming::component::{Axis, Legend};
    use charming::element::{AxisType, Label, LabelPosition, Tooltip, Trigger};
    use charming::series::{Bar, Funnel, Line, Scatter};
    use charming::theme::Theme;
    use charming::{Chart, Echarts, WasmRenderer};
    use leptos::prelude::*;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    use super::Plot;

    /// Cells across each axis of a scatter: about three pixels each on a desktop's chart.
    const CELLS: f64 = 240.0;
    /// The name ECharts knows the page's colours by.
    const THEME: &str = "banyan";

    /// Resolves once the ECharts script is on the page, adding it the first time.
    async fn echarts() -> Result<(), JsValue> {
        let window = web_sys::window().ok_or("no window")?;
        if js_sys::Reflect::has(&window, &"echarts".into())? {
            return Ok(());
        }
        let document = window.document().ok_or("no document")?;
        let script = match document.get_element_by_id("echarts-script") {
            Some(script) => script,
            None => {
                let script = document.create_element("script")?;
                script.set_id("echarts-script");
                script.set_attribute("src", "/echarts.min.js")?;
                document.body().ok_or("no body")?.append_child(&script)?;
                script
            }
        };
        let loaded = js_sys::Promise::new(&mut |resolve, reject| {
            let _ = script.add_event_listener_with_callback("load", &resolve);
            let _ = script.add_event_listener_with_callback("error", &reject);
        });
        // Another chart may have finished loading it between the check and the listeners.
        if js_sys::Reflect::has(&window, &"echarts".into())? {
            return Ok(());
        }
        JsFuture::from(loaded).await.map(|_| ())
    }

    /// Gives ECharts the style sheet's colours for the reader's light or dark scheme: the
    /// brand's series colours, text and lines as the page has them, and no background of its
    /// own. Read from the page, so that the style sheet stays the one place they are set.
    fn register_theme() -> Result<(), JsValue> {
        let window = web_sys::window().ok_or("no window")?;
        let root = window
            .document()
            .and_then(|d| d.document_element())
            .ok_or("no document")?;
        let style = window.get_computed_style(&root)?.ok_or("no style")?;
        let var = |name: &str| style.get_property_value(name).map(|v| v.trim().to_owned());
        let palette = (1..=6)
            .map(|n| var(&format!("--chart-{n}")))
            .collect::<Result<Vec<_>, _>>()?;
        let (text, muted, line, surface) = (
            var("--text")?,
            var("--muted")?,
            var("--line")?,
            var("--surface")?,
        );
        let axis = serde_json::json!({
            "axisLine": { "lineStyle": { "color": line } },
            "axisTick": { "lineStyle": { "color": line } },
            "axisLabel": { "color": muted },
            "splitLine": { "lineStyle": { "color": [line] } },
            "nameTextStyle": { "color": muted },
        });
        let theme = serde_json::json!({
            "color": palette,
            "backgroundColor": "transparent",
            "textStyle": { "color": text },
            "legend": { "textStyle": { "color": text } },
            "tooltip": {
                "backgroundColor": surface,
                "borderColor": line,
                "textStyle": { "color": text },
            },
            "categoryAxis": axis,
            "valueAxis": axis,
        });
        let echarts = js_sys::Reflect::get(&window, &"echarts".into())?;
        let register: js_sys::Function =
            js_sys::Reflect::get(&echarts, &"registerTheme".into())?.dyn_into()?;
        let theme = js_sys::JSON::parse(&theme.to_string())?;
        register.call2(&echarts, &THEME.into(), &theme).map(|_| ())
    }

    /// A chart of values over `categories`, with a legend when it shows more than one series.
    fn over(categories: &[String], legend: bool) -> Chart {
        let chart = Chart::new()
            .tooltip(Tooltip::new().trigger(Trigger::Axis))
            .x_axis(
                Axis::new()
                    .type_(AxisType::Category)
                    .data(categories.to_vec()),
            )
            .y_axis(Axis::new().type_(AxisType::Value));
        if legend {
            chart.legend(Legend::new().bottom(0))
        } else {
            chart
        }
    }

    fn chart(plot: &Plot) -> Chart {
        match plot {
            Plot::Bars { categories, values } => {
                over(categories, false).series(Bar::new().data(values.clone()))
            }
            Plot::Lines { categories, series } => {
                let mut chart = over(categories, true);
                for line in series {
                    // A missing value is a null, which ECharts leaves as a gap.
                    chart = chart.series(
                        Line::new()
                            .name(line.name.as_str())
                            .data(line.values.clone()),
                    );
                }
                chart
            }
            Plot::Stacked { categories, stacks } => {
                let mut chart = over(categories, true);
                for stack in stacks {
                    for series in &stack.series {
                        chart = chart.series(
                            Bar::new()
                                .name(series.name.as_str())
                                .stack(stack.name.as_str())
                                .data(series.values.clone()),
                        );
                    }
                }
                chart
            }
            Plot::Funnel { steps } => Chart::new()
                .tooltip(Tooltip::new().trigger(Trigger::Item))
                .series(
                    Funnel::new()
                        .left("10%")
                        .width("80%")
                        .min(0.0)
                        .label(Label::new().show(true).position(LabelPosition::Inside))
                        .data(
                            steps
                                .iter()
                                .map(|(name, value)| (*value, name.as_str()))
                                .collect::<Vec<_>>(),
                        ),
                ),
            Plot::Scatter { groups, x, y } => {
                let mut chart = Chart::new()
                    .tooltip(Tooltip::new().trigger(Trigger::Item))
                    .x_axis(Axis::new().type_(AxisType::Value).name(x.as_str()))
                    .y_axis(Axis::new().type_(AxisType::Value).name(y.as_str()));
                if groups.len() > 1 {
                    chart = chart.legend(Legend::new().bottom(0));
                }
                for group in groups {
                    chart = chart.series(
                        Scatter::new()
                            .name(group.name.as_str())
                            .symbol_size(7)
                            .data(
                                super::thinned(&group.points, CELLS)
                                    .iter()
                                    .map(|p| vec![p[0], p[1]])
                                    .collect::<Vec<_>>(),
                            ),
                    );
                }
                chart
            }
        }
    }

    /// Draws `plot` on the chart `on` already drawn, or as a new chart `width` wide in the
    /// element `id`. charming's code (its whole option model) comes with it, in a chunk of its
    /// own that the browser fetches with the first chart.
    #[lazy]
    fn paint(id: &'static str, plot: Plot, width: u32, on: Option<Echarts>) -> Option<Echarts> {
        let chart = chart(&plot);
        match on {
            Some(echarts) => {
                WasmRenderer::update(&echarts, &chart);
                Some(echarts)
            }
            None => {
                // Without its colours a chart still draws, in ECharts' own.
                let _ = register_theme();
                WasmRenderer::new(width, 280)
                    .theme(Theme::Custom(THEME, ""))
                    .render(id, &chart)
                    .ok()
            }
        }
    }

    /// Frees the chart's canvas and listeners, which ECharts keeps until told.
    fn dispose(echarts: &Echarts) {
        if let Ok(dispose) = js_sys::Reflect::get(echarts, &"dispose".into())
            && let Some(dispose) = dispose.dyn_ref::<js_sys::Function>()
        {
            let _ = dispose.call0(echarts);
        }
    }

    pub fn follow(id: &'static str, plot: Signal<Plot>, drawn: RwSignal<bool>) {
        let instance: StoredValue<Option<Echarts>, LocalStorage> = StoredValue::new_local(None);
        // Cleanups run before the page's signals are dropped, so the instance is still there.
        on_cleanup(move || {
            if let Some(Some(echarts)) = instance.try_update_value(Option::take) {
                dispose(&echarts);
            }
        });
        Effect::new(move |_| {
            let plot = plot.get();
            leptos::task::spawn_local(async move {
                if echarts().await.is_err() {
                    return;
                }
                // The drawing's code first: once it is here `paint` answers without yielding,
                // so no other redraw can find the chart missing and start a second one on the
                // same element between the look below and the chart kept.
                __preload_paint().await;
                // The script may arrive after the reader has left the page: then there is
                // nothing left to draw on.
                let Some(on) = instance
                    .try_with_value(|i| i.as_ref().map(|e| JsValue::clone(e).unchecked_into()))
                else {
                    return;
                };
                let Some(element) = document().get_element_by_id(id) else {
                    return;
                };
                let width = element
                    .dyn_ref::<web_sys::HtmlElement>()
                    .map_or(320, |e| e.client_width().max(240) as u32);
                let fresh = on.is_none();
                let painted = paint(id, plot, width, on).await;
                if let Some(left) = instance.try_set_value(painted) {
                    // The reader left while it was painted: a new chart nobody sees goes.
                    if fresh && let Some(echarts) = left {
                        dispose(&echarts);
                    }
                    return;
                }
                drawn.try_set(instance.with_value(Option::is_some));
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::thinned;

    #[test]
    fn thinning_keeps_one_point_per_cell_and_every_cell_taken() {
        // 10,000 points on 100 distinct spots, each spot ten times over, and one far away.
        let mut points: Vec<[f64; 2]> = (0..10_000)
            .map(|i| [f64::from(i % 10), f64::from(i / 10 % 10)])
            .collect();
        points.push([1_000.0, 1_000.0]);
        let kept = thinned(&points, 240.0);
        // Over a span of 1,000, cells are 4.2 wide: the spots 0..=4, 5..=8 and 9 of each axis
        // share three cells a side, and the far point has its own.
        assert_eq!(kept.len(), 3 * 3 + 1);
        assert!(kept.contains(&[0.0, 0.0]) && kept.contains(&[1_000.0, 1_000.0]));
        let spread: Vec<[f64; 2]> = (0..100).map(|i| [f64::from(i), f64::from(i * i)]).collect();
        assert_eq!(thinned(&spread, 240.0), spread, "points apart are all kept");
        assert_eq!(thinned(&[[3.0, 3.0]; 5], 240.0), [[3.0, 3.0]]);
        assert!(thinned(&[], 240.0).is_empty());
    }
}
