//! The screens loaded on demand. A first visit downloads the shell with the screens of every
//! day (Today, contacts and a contact, the board and a deal, tasks, the inbox and a ticket, sign
//! in); the rest comes in groups, each fetched when one of its screens is first shown. The
//! server names a group's pieces in the head of a page that shows one of its screens, so that
//! they arrive with the page; the service worker then keeps them all.
//!
//! Why groups of the screens used less often, and not a piece per screen: the release cuts out,
//! beside each group, a small piece per set of groups that share some code. Cut per screen, 44
//! ways, a contact's page needed 613 files (one request each, on a weak connection); cut into
//! these groups, a group needs about 25, most of a few KB.
//!
//! Why the screens of every day stay in the shell: they share most of their code, so cut into
//! four more groups (Today, contacts, the board, the inbox) they made a first Today fetch 128
//! files and a contact 233. A phone on Slow 4G then waited 8.1 s for a contact's page to work
//! instead of 3.9 s, and 6.8 s for the board instead of 3.9 s, though fewer bytes came.

use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A group of screens behind one lazy function (`$group::show`), and a route per screen that
/// opens it.
macro_rules! group {
    ($group:ident { $($screen:ident => $view:expr,)* }) => {
        mod $group {
            use leptos::prelude::*;

            #[derive(Clone, Copy)]
            pub enum Screen {
                $($screen,)*
            }

            // Every group's function is `show`: the name given here names its piece.
            #[lazy($group)]
            pub fn show(screen: Screen) -> AnyView {
                match screen {
                    $(Screen::$screen => $view.into_any(),)*
                }
            }
        }

        $(
            pub struct $screen;

            impl LazyRoute for $screen {
                fn data() -> Self {
                    $screen
                }

                async fn view(_: Self) -> AnyView {
                    $group::show($group::Screen::$screen).await
                }

                // The router awaits this before it hydrates a page of the group, which needs
                // the view at once.
                async fn preload() {
                    #[cfg(feature = "hydrate")]
                    $group::__preload_show().await;
                }
            }
        )*
    };
}

// Pages for those who are not (yet) signed in: the first run, an invitation, a customer's
// rating or unsubscribing.
group!(welcome {
    Setup => crate::workspace::views::SetupPage(),
    Join => crate::auth::views::JoinPage(),
    Rate => crate::tickets::satisfaction::views::RatePage(),
    Unsubscribe => crate::campaigns::campaign::views::UnsubscribePage(),
});

group!(records {
    NewContact => crate::customers::views::NewContactPage(),
    EditContact => crate::customers::views::EditContactPage(),
    Companies => crate::customers::companies::views::CompaniesPage(),
    Company => crate::customers::companies::views::CompanyPage(),
    EditCompany => crate::customers::companies::views::EditCompanyPage(),
    Duplicates => crate::duplicates::views::DuplicatesPage(),
    Merge => crate::duplicates::views::MergePage(),
    EditDeal => crate::deals::views::EditDealPage(),
    Pipelines => crate::deals::pipelines::views::PipelinesPage(),
});

group!(desk {
    NewTicket => crate::tickets::views::NewTicketPage(),
    Canned => crate::tickets::views::CannedPage(),
    Desk => crate::tickets::desk::views::DeskPage(),
});

group!(insight {
    Value => crate::dashboards::views::ValuePage(),
    Segments => crate::dashboards::views::SegmentsPage(),
    SavedSegments => crate::dashboards::views::SavedSegmentsPage(),
    Forecast => crate::deals::views::ForecastPage(),
    Report => crate::tickets::report::views::ReportPage(),
});

group!(campaigns {
    Campaigns => crate::campaigns::campaign::views::CampaignsPage(),
    NewCampaign => crate::campaigns::campaign::views::NewCampaignPage(),
    Campaign => crate::campaigns::campaign::views::CampaignPage(),
    Rules => crate::campaigns::automation::views::RulesPage(),
    NewRule => crate::campaigns::automation::views::NewRulePage(),
    Rule => crate::campaigns::automation::views::RulePage(),
});

group!(import {
    Import => crate::customers::import::views::ImportPage(),
    ImportJob => crate::customers::import::views::ImportJobPage(),
});

group!(admin {
    Users => crate::auth::views::UsersPage(),
    Settings => view! {
        <crate::workspace::views::SettingsPage>
            <crate::backup::views::BackupsCard />
        </crate::workspace::views::SettingsPage>
    },
    Status => crate::system::views::StatusPage(),
    Webhooks => crate::webhooks::views::WebhooksPage(),
    Audit => crate::trail::views::AuditPage(),
    Account => crate::auth::views::AccountPage(),
});
