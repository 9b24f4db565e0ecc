use analytics::rfm::Segment;
use clean::csv_line::write_row;
use leptos::prelude::*;

use super::clusters::cluster_name;
use super::segments_page::Found;
use crate::customers::segments::api::SaveSegment;
use crate::customers::segments::types::{Definition, NewSegment};
use crate::customers::segments::views::SaveSegmentForm;
use crate::dashboards::types::Ledger;
use crate::i18n::format::amounts;
use crate::i18n::{Locale, fill, use_messages};
use crate::ui::form::answer_of;
use crate::ui::table_scroll::TableScroll;

/// Customers listed under the segments: most valuable first, this many.
const LISTED: usize = 50;

/// What the user opened: an RFM segment or a cluster.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pick {
    Rfm(Segment),
    Cluster(usize),
}

/// One listed customer.
struct Member {
    index: usize,
    revenue: i64,
}

/// The customers of the segment or cluster the user opened: the most valuable listed, all of
/// them to download as CSV, or saved as a segment (an RFM segment as its definition, to be
/// scored again when used; a cluster as the people in it).
#[component]
pub fn Picked(
    ledger: StoredValue<Ledger>,
    found: Memo<Found>,
    picked: RwSignal<Option<Pick>>,
) -> impl IntoView {
    let t = use_messages();
    let members = Memo::new(move |_| {
        let pick = picked.get()?;
        Some(found.with(|f| match pick {
            Pick::Rfm(segment) => f.segments.in_segment(segment),
            Pick::Cluster(cluster) => f.segments.in_cluster(cluster),
        }))
    });
    let title = move || {
        picked.get().map(|pick| match pick {
            Pick::Rfm(segment) => t.segment(segment).to_owned(),
            Pick::Cluster(cluster) => cluster_name(t, cluster),
        })
    };
    let listed = move || {
        let members = members.get().unwrap_or_default();
        ledger.with_value(|l| {
            let revenue = l.revenue();
            let mut listed: Vec<Member> = members
                .iter()
                .map(|&index| Member {
                    index,
                    revenue: revenue[index],
                })
                .collect();
            listed.sort_by_key(|m| std::cmp::Reverse(m.revenue));
            listed.truncate(LISTED);
            listed
                .into_iter()
                .map(|m| {
                    (
                        l.customers[m.index].id,
                        l.customers[m.index].name.clone(),
                        m.revenue,
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    // All of them, with their scores, as the spreadsheet the user asked for.
    let export = move |title: &str| {
        let Some(members) = members.get_untracked() else {
            return;
        };
        let csv = found.with_untracked(|f| {
            ledger.with_value(|l| {
                let mut out = write_row(&["id", "name", "r", "f", "m", "segment"]);
                for index in members {
                    let (c, s) = (&l.customers[index], &f.segments.scores[index]);
                    out.push_str(&write_row(&[
                        c.id.to_string(),
                        c.name.clone(),
                        s.recency.to_string(),
                        s.frequency.to_string(),
                        s.monetary.to_string(),
                        t.segment(s.segment).to_owned(),
                    ]));
                }
                out
            })
        });
        #[cfg(feature = "hydrate")]
        let _ = crate::ui::download::download(&format!("{title}.csv"), "text/csv", &csv);
        #[cfg(not(feature = "hydrate"))]
        let _ = (title, csv);
    };
    let amount = amounts(
        ledger.with_value(|l| l.base_currency.clone()),
        use_context::<Locale>().unwrap_or_default(),
    );

    view! {
        {move || title().map(|title| {
            let count = members.with(|m| m.as_ref().map_or(0, Vec::len));
            let rows: Vec<_> = listed()
                .into_iter()
                .map(|(id, name, revenue)| (id, name, amount(revenue)))
                .collect();
            view! {
                <section class="card" data-testid="picked">
                    <h2>{fill(t.picked_title, &[("name", &title), ("n", &count.to_string())])}</h2>
                    <p class="toolbar">
                        <button type="button" class="button secondary" data-testid="picked-export"
                            on:click={let title = title.clone(); move |_| export(&title)}>{t.picked_export}</button>
                    </p>
                    <SaveForm picked members=Signal::derive(move || members.get().unwrap_or_default()) ledger default_name=title />
                    <TableScroll label=t.segment_customers>
                        <table class="preview" data-testid="picked-list">
                            <tbody>
                                {rows.into_iter().map(|(id, name, revenue)| view! {
                                    <tr><td><a href=format!("/contacts/{id}")>{name}</a></td><td class="number">{revenue}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableScroll>
                    {(count > LISTED).then(|| view! { <p class="muted">{fill(t.picked_more, &[("n", &(count - LISTED).to_string())])}</p> })}
                </section>
            }
        })}
    }
}

/// Saving what is open as a segment, under a name the user may change.
#[component]
fn SaveForm(
    picked: RwSignal<Option<Pick>>,
    members: Signal<Vec<usize>>,
    ledger: StoredValue<Ledger>,
    default_name: String,
) -> impl IntoView {
    let t = use_messages();
    let save = ServerAction::<SaveSegment>::new();
    let answer = answer_of(save);
    let segment = move |name| {
        let (definition, contacts) = match picked.get_untracked()? {
            Pick::Rfm(segment) => (Definition::Rfm(vec![segment]), Vec::new()),
            Pick::Cluster(_) => (
                Definition::Fixed,
                ledger.with_value(|l| {
                    members
                        .get_untracked()
                        .iter()
                        .map(|&i| l.customers[i].id)
                        .collect()
                }),
            ),
        };
        Some(NewSegment {
            name,
            definition,
            contacts,
        })
    };
    let saved = move || {
        answer.get().and_then(Result::ok).map(|s| {
            view! {
                <p class="notice" data-testid="picked-saved">
                    {fill(t.segment_saved, &[("name", &s.name), ("n", &s.members.to_string())])} " "
                    <a href=format!("/contacts?segment={}", s.id)>{t.segment_open}</a>
                </p>
            }
        })
    };
    view! {
        <div data-testid="picked-save">
            <SaveSegmentForm save name=RwSignal::new(default_name) segment button=t.picked_save class="inline-form" />
        </div>
        {saved}
    }
}
