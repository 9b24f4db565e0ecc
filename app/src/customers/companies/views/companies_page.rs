use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::customers::companies::api::list_companies;
use crate::customers::companies::types::{CompanyPage, CompanyQuery, CompanyRow};
use crate::i18n::{fill, use_messages};
use crate::ui::loading::Loading;
use crate::ui::page::Page;

/// The companies list: a search and a page at a time, as plain links and a GET form.
#[component]
pub fn CompaniesPage() -> impl IntoView {
    let t = use_messages();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| CompanyQuery::from_params(|name| p.get(name))));
    let companies = Resource::new(move || query.get(), list_companies);
    view! {
        <Page title=t.companies_title>
            <div class="toolbar">
                <form method="get" action="/companies" class="search" role="search">
                    <label class="sr-only" for="company-search">{t.search}</label>
                    <input
                        id="company-search"
                        type="search"
                        name="q"
                        value=move || query.with(|q| q.q.clone())
                        placeholder=t.companies_search_hint
                    />
                    <button class="button secondary" type="submit">{t.search}</button>
                </form>
            </div>
            <Loading>
                {move || Suspend::new(async move {
                    companies.await.map(|page| view! { <CompanyList page /> })
                })}
            </Loading>
        </Page>
    }
}

#[component]
fn CompanyList(page: CompanyPage) -> impl IntoView {
    let t = use_messages();
    let query = use_query_map();
    if page.rows.is_empty() {
        return view! { <p class="empty">{t.companies_none}</p> }.into_any();
    }
    let next = page.next.map(|after| {
        let mut params = query.get_untracked();
        params.replace("after", after);
        format!("/companies{}", params.to_query_string())
    });
    view! {
        <ul class="rows card" data-testid="companies">
            {page.rows.into_iter().map(|row| view! { <CompanyLine row /> }).collect_view()}
        </ul>
        {next.map(|href| view! { <p class="pager"><A href=href attr:class="button secondary">{t.next_page}</A></p> })}
    }
    .into_any()
}

#[component]
fn CompanyLine(row: CompanyRow) -> impl IntoView {
    let t = use_messages();
    let people = fill(
        t.company_people_count,
        &[("count", &row.people.to_string())],
    );
    let details = [row.industry, row.city, Some(people)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="row">
            <a class="row-link" href=format!("/companies/{}", row.id)>
                <strong>{row.name}</strong>
                <p class="muted">{details}</p>
            </a>
            <span class="muted owner">{row.owner_name}</span>
        </li>
    }
}
