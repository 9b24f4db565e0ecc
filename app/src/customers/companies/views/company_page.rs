use leptos::prelude::*;

use crate::customers::api::list_contacts;
use crate::customers::companies::api::{get_company, get_company_totals};
use crate::customers::companies::types::Company;
use crate::customers::history::views::Totals;
use crate::customers::types::ContactQuery;
use crate::error::AppError;
use crate::i18n::{fill, use_messages};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::params::use_id_param;
use crate::ui::viewer::use_viewer;

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
