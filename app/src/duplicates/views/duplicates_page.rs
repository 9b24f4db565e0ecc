use leptos::prelude::*;

use crate::duplicates::api::find_duplicates;
use crate::duplicates::types::{Candidate, DuplicateGroup};
use crate::i18n::{fill, use_messages};
use crate::ui::loading::Loading;
use crate::ui::page::Page;

/// Groups of contacts that may be one person, each with a way to merge them.
#[component]
pub fn DuplicatesPage() -> impl IntoView {
    let t = use_messages();
    let found = Resource::new(|| (), |_| find_duplicates());
    view! {
        <Page title=t.duplicates_title>
            <p class="muted">{t.duplicates_intro}</p>
            <Loading>
                {move || Suspend::new(async move {
                    found.await.map(|found| {
                        if found.groups.is_empty() {
                            return view! { <p class="empty">{t.duplicates_none}</p> }.into_any();
                        }
                        view! {
                            <p><strong>{fill(t.duplicates_count, &[("count", &found.total.to_string())])}</strong></p>
                            {found.groups.into_iter().map(|group| view! { <Group group /> }).collect_view()}
                        }
                            .into_any()
                    })
                })}
            </Loading>
        </Page>
    }
}

#[component]
fn Group(group: DuplicateGroup) -> impl IntoView {
    let t = use_messages();
    let reasons = group
        .reasons
        .iter()
        .map(|r| t.duplicate_reason(*r))
        .collect::<Vec<_>>()
        .join(" · ");
    let ids = group
        .contacts
        .iter()
        .map(|c| c.id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    view! {
        <section class="card duplicate-group" data-testid="duplicate-group">
            <p>
                <span class="badge">{fill(t.duplicates_score, &[("score", &group.score.to_string())])}</span>
                " " {reasons}
            </p>
            <ul class="rows">
                {group.contacts.into_iter().map(|c| view! { <CandidateLine c /> }).collect_view()}
            </ul>
            <a class="button" href=format!("/contacts/merge?ids={ids}")>{t.merge_open}</a>
        </section>
    }
}

#[component]
fn CandidateLine(c: Candidate) -> impl IntoView {
    let details = [c.email, c.phone, c.company_name, c.city]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="row">
            <a class="row-link" href=format!("/contacts/{}", c.id)>
                <strong>{c.name}</strong>
                <p class="muted">{details}</p>
            </a>
        </li>
    }
}
