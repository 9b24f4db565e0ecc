//! The companies list, a company's page (its facts, revenue and people) and its edit.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::{UpdateCompany, get_company, get_company_totals, list_companies};
use super::types::{Company, CompanyPage, CompanyQuery, CompanyRow};
use crate::customers::api::{list_assignees, list_contacts};
use crate::customers::history::views::Totals;
use crate::customers::types::ContactQuery;
use crate::error::AppError;
use crate::i18n::{fill, use_messages};
use crate::ui::form::{Field, FormAlert, Select, answer_of, errors_of};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::params::use_id_param;
use crate::ui::viewer::use_viewer;

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

/// A company: its facts, the revenue of everyone there, and its people.
#[component]
pub fn CompanyPage() -> impl IntoView {
    let t = use_messages();
    let id = use_id_param();
    let company = Resource::new(id, |id| async move {
        get_company(id.ok_or(AppError::NotFound)?).await
    });
    let totals = Resource::new(id, |id| async move {
        get_company_totals(id.ok_or(AppError::NotFound)?).await
    });
    let people = Resource::new(id, |id| async move {
        let query = ContactQuery {
            company: Some(id.ok_or(AppError::NotFound)?),
            ..ContactQuery::default()
        };
        list_contacts(query).await
    });
    let viewer = use_viewer();
    view! {
        <Page title=t.company_title>
            <Loading>
                {move || Suspend::new(async move {
                    let company = company.await?;
                    let zone = viewer.await?.map(|v| v.time_zone).unwrap_or_default();
                    let totals = totals.await?;
                    let people = people.await?;
                    let id = company.id;
                    let more = people.next.is_some();
                    Ok::<_, AppError>(view! {
                        <CompanyCard company=company.clone() />
                        <section class="card">
                            <h2>{t.company_revenue_title}</h2>
                            <Totals totals zone />
                        </section>
                        <section class="card">
                            <h2>{fill(t.company_people_count, &[("count", &company.people.to_string())])}</h2>
                            <ul class="rows" data-testid="people">
                                {people
                                    .rows
                                    .into_iter()
                                    .map(|p| {
                                        let details = [p.email, p.phone].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                                        view! {
                                            <li class="row">
                                                <a class="row-link" href=format!("/contacts/{}", p.id)>
                                                    <strong>{p.name}</strong>
                                                    <p class="muted">{details}</p>
                                                </a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            {more.then(|| view! {
                                <p class="pager">
                                    <a class="button secondary" href=format!("/contacts?company={id}")>
                                        {fill(t.company_people, &[("company", &company.name)])}
                                    </a>
                                </p>
                            })}
                        </section>
                    })
                })}
            </Loading>
        </Page>
    }
}

#[component]
fn CompanyCard(company: Company) -> impl IntoView {
    let t = use_messages();
    let facts = [
        (t.field_website, company.website.clone()),
        (t.field_email, company.email.clone()),
        (t.field_phone, company.phone.clone()),
        (t.field_city, company.city.clone()),
        (t.field_country, company.country.clone()),
        (t.field_industry, company.industry.clone()),
        (t.field_owner, company.owner_name.clone()),
        (t.field_external_id, company.external_id.clone()),
    ];
    view! {
        <section class="card" data-testid="company">
            <h2 class="contact-name">
                {company.name.clone()}
                {company.archived.then(|| view! { <span class="badge">{t.archived}</span> })}
            </h2>
            <div class="actions">
                <a class="button" href=format!("/companies/{}/edit", company.id)>{t.edit}</a>
            </div>
            <dl class="facts">
                {facts
                    .into_iter()
                    .filter_map(|(label, value)| value.map(|v| view! { <dt>{label}</dt><dd>{v}</dd> }))
                    .collect_view()}
            </dl>
        </section>
    }
}

/// Edits a company. The form names the version it was filled from, so a save that arrives
/// after someone else's is refused instead of overwriting it.
#[component]
pub fn EditCompanyPage() -> impl IntoView {
    let t = use_messages();
    let id = use_id_param();
    let update = ServerAction::<UpdateCompany>::new();
    let answer = answer_of(update);
    let data = Resource::new(id, |id| async move {
        let id = id.ok_or(AppError::NotFound)?;
        Ok::<_, AppError>((get_company(id).await?, list_assignees().await?))
    });
    view! {
        <Page title=t.company_edit>
            <section class="card">
                <Loading>
                    {move || Suspend::new(async move {
                        data.await.map(|(c, assignees)| {
                            let e = move |field| errors_of(answer, field);
                            let text = |value: Option<String>| value.unwrap_or_default();
                            let mut owners = vec![(String::new(), t.nobody.to_owned())];
                            owners.extend(assignees.into_iter().map(|a| (a.id.to_string(), a.name)));
                            let back = format!("/companies/{}", c.id);
                            view! {
                                <ActionForm action=update>
                                    <input type="hidden" name="id" value=c.id.to_string() />
                                    <input type="hidden" name="version" value=c.version.to_string() />
                                    <div class="grid-form">
                                        <Field label=t.field_name name="name" group="form" value=c.name required=true errors=e("name") />
                                        <Field label=t.field_website name="website" group="form" value=text(c.website) errors=e("website") />
                                        <Field label=t.field_email name="email" group="form" kind="email" value=text(c.email) errors=e("email") />
                                        <Field label=t.field_phone name="phone" group="form" kind="tel" value=text(c.phone) errors=e("phone") />
                                        <Field label=t.field_city name="city" group="form" value=text(c.city) errors=e("city") />
                                        <Field label=t.field_country name="country" group="form" value=text(c.country) errors=e("country") hint=t.field_country_hint />
                                        <Field label=t.field_industry name="industry" group="form" value=text(c.industry) errors=e("industry") />
                                        <Select
                                            label=t.field_owner
                                            name="owner_id"
                                            group="form"
                                            options=owners
                                            selected=c.owner_id.map(|id| id.to_string()).unwrap_or_default()
                                            errors=e("owner_id")
                                        />
                                    </div>
                                    <FormAlert answer />
                                    <div class="actions">
                                        <button class="button" type="submit" disabled=update.pending()>{t.save}</button>
                                        <a href=back>{t.cancel}</a>
                                    </div>
                                </ActionForm>
                            }
                        })
                    })}
                </Loading>
            </section>
        </Page>
    }
}
