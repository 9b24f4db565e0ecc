use analytics::rfm::Segment;
use leptos::prelude::*;

use super::clusters::Clusters;
use super::picked::{Pick, Picked};
use super::tabs::AnalyticsTabs;
use super::timing::timed;
use crate::dashboards::api::get_ledger;
use crate::dashboards::types::{Feature, Ledger, Segments};
use crate::i18n::format::amounts;
use crate::i18n::{Locale, fill, use_messages};
use crate::ui::bar::bar;
use crate::ui::chart::{Chart, Plot};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::table_scroll::TableScroll;

/// Clusters are seeded: the same customers give the same clusters on every visit.
pub const SEED: u64 = 42;

/// The features clusters start from: the RFM ones.
const START: [Feature; 3] = [Feature::Recency, Feature::Frequency, Feature::Monetary];

/// Who the customers are: RFM segments and clusters of them, scored and found in the browser
/// from the customers' orders, so that changing the features or the number of clusters
/// answers at once; any segment or cluster opens as a list to export or save.
#[component]
pub fn SegmentsPage() -> impl IntoView {
    let t = use_messages();
    let ledger = Resource::new(|| (), |_| get_ledger());
    view! {
        <Page title=t.segments_title>
            <AnalyticsTabs />
            <Loading>
                {move || Suspend::new(async move { ledger.await.map(|ledger| view! { <SegmentsView ledger /> }) })}
            </Loading>
        </Page>
    }
}

/// The segments and clusters found, and how long the browser took to find them.
#[derive(Clone, PartialEq)]
pub struct Found {
    pub segments: Segments,
    pub took: Option<f64>,
}

#[component]
fn SegmentsView(ledger: Ledger) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    let features = RwSignal::new(START.to_vec());
    let clusters = RwSignal::new(None::<usize>);
    let picked = RwSignal::new(None::<Pick>);
    let customers = ledger.customers.len();
    let currency = ledger.base_currency.clone();
    let ledger = StoredValue::new(ledger);
    // Each change of features or clusters scores and clusters every customer again, here.
    let found: Memo<Found> = Memo::new(move |_| {
        let (features, k) = (features.get(), clusters.get());
        let (segments, took) = timed(|| ledger.with_value(|l| Segments::of(l, &features, k, SEED)));
        Found { segments, took }
    });
    let sizes = Memo::new(move |_| found.with(|f| ledger.with_value(|l| f.segments.sizes(l))));
    let plot_sizes = Signal::derive(move || {
        let (categories, values) = sizes.with(|sizes| {
            sizes
                .iter()
                .map(|s| (t.segment(s.segment).to_owned(), s.customers as f64))
                .unzip()
        });
        Plot::Bars { categories, values }
    });
    let amount = amounts(currency.clone(), locale);
    // Told once the browser has done it: the server's first render has no time to tell, and
    // the page must hydrate as the server drew it.
    let took = RwSignal::new(None::<f64>);
    Effect::new(move |_| took.set(found.with(|f| f.took)));
    let took = move || {
        took.get().map(|ms| {
            fill(
                t.segments_computed,
                &[("n", &customers.to_string()), ("ms", &format!("{ms:.0}"))],
            )
        })
    };

    view! {
        <p class="muted" data-testid="segments-customers">
            {fill(t.analytics_customers_up_to_today, &[("n", &customers.to_string())])}
            " " <span data-testid="segments-took">{took}</span>
        </p>
        <section class="card">
            <h2>{t.rfm_grid}</h2>
            <p class="muted">{t.rfm_grid_hint}</p>
            <RfmGrid found picked />
        </section>
        <section class="card">
            <h2>{t.segment_sizes}</h2>
            <Chart id="segment-sizes" label=t.segment_sizes plot=plot_sizes />
            <table class="chart-table" data-testid="segment-sizes">
                <thead><tr><th>{t.rfm_segment}</th><th>{t.segment_customers}</th><th>{t.segment_revenue}</th></tr></thead>
                <tbody>
                    {move || {
                        let sizes = sizes.get();
                        let most = sizes.iter().map(|s| s.revenue).max().unwrap_or(0);
                        sizes.into_iter().map(|s| {
                            let segment = s.segment;
                            view! {
                                <tr>
                                    <td><button type="button" class="link" on:click=move |_| picked.set(Some(Pick::Rfm(segment)))>{t.segment(segment)}</button></td>
                                    <td>{s.customers}</td>
                                    <td class="bar-cell">{bar(s.revenue, most, "won")}<span>{amount(s.revenue)}</span></td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </section>
        <Clusters found features clusters picked currency />
        <Picked ledger found picked />
    }
}

/// Customers on the recency × frequency-and-money grid, each cell in its segment's colour and
/// a button that opens its segment.
#[component]
fn RfmGrid(found: Memo<Found>, picked: RwSignal<Option<Pick>>) -> impl IntoView {
    let t = use_messages();
    let counts = Memo::new(move |_| {
        let mut grid = [[0usize; 5]; 5];
        found.with(|f| {
            for s in &f.segments.scores {
                let fm = (s.frequency + s.monetary).div_ceil(2);
                grid[usize::from(s.recency) - 1][usize::from(fm) - 1] += 1;
            }
        });
        grid
    });
    view! {
        <TableScroll label=t.rfm_grid>
            <table class="rfm-grid" data-testid="rfm-grid">
                <thead><tr><th>{t.rfm_r_fm}</th>{(1..=5).map(|fm| view! { <th>{fm}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {(1..=5u8).rev().map(|r| view! {
                        <tr>
                            <th>{r}</th>
                            {(1..=5u8).map(|fm| {
                                let segment = Segment::of(r, fm, fm);
                                let count = move || counts.with(|g| g[usize::from(r) - 1][usize::from(fm) - 1]);
                                view! {
                                    <td class=format!("rfm-cell {}", segment_class(segment))>
                                        <button type="button" title=t.segment(segment) on:click=move |_| picked.set(Some(Pick::Rfm(segment)))>
                                            <span class="rfm-count">{count}</span>
                                            <span class="rfm-name">{t.segment(segment)}</span>
                                        </button>
                                    </td>
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableScroll>
        // A phone's cells are too narrow for the names: they go to screen readers only, and
        // this key says which colour is which.
        <ul class="rfm-legend" data-testid="rfm-legend">
            {Segment::ALL.iter().map(|&segment| view! {
                <li><span class=format!("swatch {}", segment_class(segment))></span>{t.segment(segment)}</li>
            }).collect_view()}
        </ul>
    }
}

/// The CSS class that colours a segment.
fn segment_class(segment: Segment) -> &'static str {
    match segment {
        Segment::Champions => "rfm-champions",
        Segment::Loyal => "rfm-loyal",
        Segment::PotentialLoyalists => "rfm-potential",
        Segment::New => "rfm-new",
        Segment::AtRisk => "rfm-at-risk",
        Segment::CantLose => "rfm-cant-lose",
        Segment::Hibernating => "rfm-hibernating",
        Segment::Lost => "rfm-lost",
    }
}
