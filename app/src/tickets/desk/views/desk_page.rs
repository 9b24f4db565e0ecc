use leptos::prelude::*;
use leptos_router::components::A;

use super::holidays::Holidays;
use super::hours_form::HoursForm;
use crate::i18n::use_messages;
use crate::tickets::desk::api::{AddHoliday, RemoveHoliday, SaveDesk, get_desk};
use crate::ui::form::successes;
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::toast::toast_successes;

/// The desk's working days and hours, its time zone, each priority's targets and its
/// holidays: the business time every ticket's targets are counted in. Owners and managers
/// change them; agents read them.
#[component]
pub fn DeskPage() -> impl IntoView {
    let t = use_messages();
    let save = ServerAction::<SaveDesk>::new();
    let add = ServerAction::<AddHoliday>::new();
    let remove = ServerAction::<RemoveHoliday>::new();
    let (saved, added) = (successes(save), successes(add));
    let desk = Resource::new(
        move || (saved.get(), added.get(), remove.version().get()),
        |_| get_desk(),
    );
    toast_successes(save, move |_| t.saved.to_owned());
    view! {
        <Page title=t.desk_title>
            <div class="toolbar">
                <A href="/tickets" attr:class="button secondary">{t.inbox_title}</A>
                <A href="/tickets/report" attr:class="button secondary">{t.report_title}</A>
            </div>
            <Loading>
                {move || Suspend::new(async move {
                    desk.await.map(|desk| view! {
                        <HoursForm desk=desk.clone() save />
                        <Holidays desk add remove />
                    })
                })}
            </Loading>
        </Page>
    }
}
