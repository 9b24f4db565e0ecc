use leptos::prelude::*;

use super::picked::Pick;
use super::segments_page::Found;
use crate::dashboards::types::{Feature, MAX_CLUSTERS};
use crate::i18n::format::amounts;
use crate::i18n::{Locale, Messages, fill, use_messages};
use crate::ui::chart::{Chart, Plot, Points};
use crate::ui::table_scroll::TableScroll;

/// How a feature is named on the page.
pub fn feature_name(t: &Messages, feature: Feature) -> &'static str {
    match feature {
        Feature::Recency => t.feature_recency,
        Feature::Frequency => t.feature_frequency,
        Feature::Monetary => t.feature_monetary,
        Feature::Value => t.feature_value,
        Feature::Tenure => t.feature_tenure,
        Feature::Tickets => t.feature_tickets,
    }
}

/// A cluster's name: people count from one.
pub fn cluster_name(t: &Messages, cluster: usize) -> String {
    fill(t.cluster_n, &[("n", &(cluster + 1).to_string())])
}

/// Clusters of customers over the features the user ticks, as many as they choose or as the
/// silhouette suggests: drawn on the plane that shows them best, and described feature by
/// feature.
#[component]
pub fn Clusters(
    found: Memo<Found>,
    features: RwSignal<Vec<Feature>>,
    clusters: RwSignal<Option<usize>>,
    picked: RwSignal<Option<Pick>>,
    currency: String,
) -> impl IntoView {
    let t = use_messages();
    let toggle = move |feature: Feature, on: bool| {
        features.update(|chosen| {
            chosen.retain(|f| *f != feature);
            if on {
                chosen.push(feature);
            }
            chosen.sort_by_key(|f| Feature::ALL.iter().position(|a| a == f));
        });
    };
    let plot = Signal::derive(move || {
        let groups = found.with(|f| {
            let (Some(plane), Ok(c)) = (&f.segments.plane, &f.segments.clusters) else {
                return Vec::new();
            };
            (0..c.sizes.len())
                .map(|cluster| Points {
                    name: cluster_name(t, cluster),
                    points: plane
                        .points
                        .iter()
                        .zip(&c.labels)
                        .filter(|(_, l)| **l == cluster)
                        .map(|(p, _)| *p)
                        .collect(),
                })
                .collect()
        });
        Plot::Scatter {
            groups,
            x: t.principal_first.to_owned(),
            y: t.principal_second.to_owned(),
        }
    });
    let unfit = move || found.with(|f| f.segments.clusters.as_ref().err().map(|why| t.unfit(why)));
    let suggested = move || {
        found.with(|f| {
            let best = f.segments.clusters.as_ref().ok()?.sizes.len();
            (!f.segments.candidates.is_empty())
                .then(|| fill(t.clusters_suggested, &[("k", &best.to_string())]))
        })
    };
    view! {
        <section class="card" data-testid="clusters">
            <h2>{t.clusters_title}</h2>
            <p class="muted">{t.clusters_hint}</p>
            <fieldset class="feature-picks">
                <legend>{t.clusters_features}</legend>
                {Feature::ALL.into_iter().map(|feature| view! {
                    <label class="check">
                        <input type="checkbox" value=feature.as_str()
                            prop:checked=move || features.with(|f| f.contains(&feature))
                            on:change=move |ev| toggle(feature, event_target_checked(&ev)) />
                        {feature_name(t, feature)}
                    </label>
                }).collect_view()}
            </fieldset>
            <label class="inline-field">
                <span>{t.clusters_count}</span>
                <select data-testid="clusters-k" on:change=move |ev| clusters.set(event_target_value(&ev).parse().ok())>
                    <option value="auto" selected=move || clusters.get().is_none()>{t.clusters_auto}</option>
                    {(2..=MAX_CLUSTERS).map(|k| view! {
                        <option value=k.to_string() selected=move || clusters.get() == Some(k)>{k}</option>
                    }).collect_view()}
                </select>
            </label>
            <p class="muted" data-testid="clusters-suggested">{suggested}</p>
            {move || unfit().map(|why| view! { <p class="alert" data-testid="clusters-unfit">{why}</p> })}
            <Chart id="cluster-plane" label=t.clusters_title plot />
            <Profiles found features picked currency />
        </section>
    }
}

/// Each cluster's size and its customers' average of each feature, in the feature's units.
#[component]
fn Profiles(
    found: Memo<Found>,
    features: RwSignal<Vec<Feature>>,
    picked: RwSignal<Option<Pick>>,
    currency: String,
) -> impl IntoView {
    let t = use_messages();
    let amount = amounts(currency, use_context::<Locale>().unwrap_or_default());
    let profiles = Memo::new(move |_| found.with(|f| f.segments.profiles()));
    view! {
        <TableScroll label=t.clusters_title>
            <table class="preview" data-testid="cluster-profiles">
                <thead><tr>
                    <th>{t.cluster}</th><th>{t.segment_customers}</th>
                    {move || features.get().into_iter().map(|f| view! { <th>{feature_name(t, f)}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {move || profiles.get().into_iter().enumerate().map(|(cluster, p)| {
                        let shown = features.get();
                        view! {
                            <tr>
                                <td><button type="button" class="link" on:click=move |_| picked.set(Some(Pick::Cluster(cluster)))>{cluster_name(t, cluster)}</button></td>
                                <td>{p.customers}</td>
                                {p.means.into_iter().zip(shown).map(|(mean, feature)| view! { <td>{describe(feature, mean, &amount)}</td> }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </TableScroll>
    }
}

/// A feature's average as it reads best: money as money, counts and days to a tenth.
fn describe(feature: Feature, mean: f64, amount: &impl Fn(i64) -> String) -> String {
    match feature {
        Feature::Monetary | Feature::Value => amount(mean.round() as i64),
        _ => format!("{mean:.1}"),
    }
}
