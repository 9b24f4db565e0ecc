//! Who may do what: one place that services call before every read and write, and that also
//! tells list queries which records a user may see (their [`Scope`]).

use uuid::Uuid;

#[cfg(feature = "ssr")]
use super::actor::Actor;
use super::actor::{Role, User};
#[cfg(feature = "ssr")]
use crate::error::AppError;

/// The owner of a record and the owner's team, as far as access is concerned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Owned {
    pub owner: Option<Uuid>,
    pub team: Option<Uuid>,
}

/// Something a user may try to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    ManageUsers,
    ManageSettings,
    CreateCustomer,
    ViewCustomer(Owned),
    EditCustomer(Owned),
    /// Erasing a person for a data-subject request: a hard delete, for owners and managers.
    EraseCustomer,
    /// Importing a file of customers or orders: bulk writes that skip per-record ownership,
    /// for owners and managers.
    ImportCustomers,
    /// Finding and merging duplicate contacts: the merge takes over records of several owners.
    MergeCustomers,
    CreateDeal,
    ViewDeal(Owned),
    /// Editing and moving a deal on the board.
    EditDeal(Owned),
    /// Adding, renaming and reordering pipelines and their stages.
    ManagePipelines,
    /// Reading the service desk's tickets: sales see what their customers asked, too.
    ViewTickets,
    /// Opening, answering, assigning and solving tickets, and keeping the canned replies.
    WorkTickets,
    /// Setting the desk's working hours, holidays and service-level targets.
    ManageDesk,
    /// Saving, refreshing and deleting segments: the audiences of campaigns.
    ManageSegments,
    /// Writing, sending and following campaigns.
    ManageCampaigns,
    /// Writing the automation rules and reading their run logs.
    ManageAutomation,
    /// Reading the business's figures on Today: revenue, pipeline, new customers, the desk.
    ReadFigures,
    /// Reading the audit trail: who changed what, when.
    ReadAudit,
}

/// The workspace setting that narrows what sales staff see to their own and their team's records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rules {
    pub restrict_sales_to_team: bool,
}

/// Which records a list shows a user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    OwnAndTeam { user: Uuid, team: Option<Uuid> },
}

impl Scope {
    /// The records of this scope, by their owner column; `None` when it is all of them.
    #[cfg(feature = "ssr")]
    pub fn condition(self, owner: impl sea_orm::ColumnTrait) -> Option<sea_orm::Condition> {
        let Scope::OwnAndTeam { user, team } = self else {
            return None;
        };
        Some(own_and_teams(owner, user, team.as_slice()))
    }

    pub fn includes(self, record: Owned) -> bool {
        match self {
            Scope::All => true,
            Scope::OwnAndTeam { user, team } => {
                record.owner == Some(user) || (team.is_some() && record.team == team)
            }
        }
    }
}

/// The records, by their owner column, of `user` and of the people in `teams`.
#[cfg(feature = "ssr")]
pub fn own_and_teams(
    owner: impl sea_orm::ColumnTrait,
    user: Uuid,
    teams: &[Uuid],
) -> sea_orm::Condition {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};

    use super::users::entity::user;
    let mut visible = sea_orm::Condition::any().add(owner.eq(user));
    if !teams.is_empty() {
        let teammates = Query::select()
            .column(user::Column::Id)
            .from(user::Entity)
            .and_where(Expr::col(user::Column::TeamId).is_in(teams.iter().copied()))
            .to_owned();
        visible = visible.add(owner.in_subquery(teammates));
    }
    visible
}

/// The records (companies, contacts, deals) a user sees.
pub fn record_scope(user: &User, rules: Rules) -> Scope {
    match user.role {
        Role::Sales if rules.restrict_sales_to_team => Scope::OwnAndTeam {
            user: user.id,
            team: user.team_id,
        },
        _ => Scope::All,
    }
}

pub fn allows(user: &User, action: Action, rules: Rules) -> bool {
    if !user.active {
        return false;
    }
    let role = user.role;
    match action {
        Action::ManageUsers | Action::ManageSettings => role == Role::Owner,
        Action::EraseCustomer
        | Action::ImportCustomers
        | Action::MergeCustomers
        | Action::ManagePipelines
        | Action::ManageDesk
        | Action::ReadFigures
        | Action::ReadAudit => matches!(role, Role::Owner | Role::Manager),
        Action::CreateCustomer | Action::CreateDeal => {
            matches!(role, Role::Owner | Role::Manager | Role::Sales)
        }
        Action::ViewCustomer(record) | Action::ViewDeal(record) => {
            record_scope(user, rules).includes(record)
        }
        Action::ViewTickets => role != Role::Marketing,
        Action::WorkTickets => matches!(role, Role::Owner | Role::Manager | Role::Support),
        Action::ManageSegments | Action::ManageCampaigns | Action::ManageAutomation => {
            matches!(role, Role::Owner | Role::Manager | Role::Marketing)
        }
        Action::EditCustomer(record) | Action::EditDeal(record) => match role {
            Role::Owner | Role::Manager => true,
            Role::Sales => record.owner == Some(user.id),
            Role::Support | Role::Marketing => false,
        },
    }
}

/// Whether the workspace's [`Rules`] can change the answer of [`allows`] for `action`, so
/// that callers read them only then.
pub fn depends_on_rules(action: Action) -> bool {
    matches!(action, Action::ViewCustomer(_) | Action::ViewDeal(_))
}

/// `allows`, as services ask it before every read and write: the workspace's rules are read
/// only when they can change the answer, and a refusal is a `Forbidden` naming what was tried,
/// logged and kept in the audit log (`name.refused`). Services ask before they open their
/// transaction, so the entry stays though the refused work never starts.
#[cfg(feature = "ssr")]
pub async fn require<C: sea_orm::ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    action: Action,
    name: &str,
) -> Result<(), AppError> {
    let rules = if depends_on_rules(action) {
        rules(conn).await?
    } else {
        Rules::default()
    };
    if allows(&actor.user, action, rules) {
        return Ok(());
    }
    use super::code::TextCode;
    let kind = name.split('.').next().unwrap_or(name);
    let refusal = format!("{name}.refused");
    let entry = super::audit::Entry::new(Some(actor.user.id), &refusal, kind, None)
        .changes(serde_json::json!({ "role": [null, actor.user.role.as_str()] }));
    super::audit::record(conn, entry).await?;
    Err(refused(actor, name))
}

/// A refusal, logged with who tried what: for the few rules that no [`Action`] names (a task
/// is ticked by its own people).
#[cfg(feature = "ssr")]
pub fn refused(actor: &Actor, name: &str) -> AppError {
    use super::code::TextCode;
    tracing::warn!(
        user = %actor.user.id,
        role = actor.user.role.as_str(),
        action = name,
        "forbidden"
    );
    AppError::Forbidden
}

/// The workspace's rules, as the settings say them.
#[cfg(feature = "ssr")]
pub async fn rules<C: sea_orm::ConnectionTrait>(conn: &C) -> Result<Rules, AppError> {
    use sea_orm::EntityTrait;
    let settings = super::settings::entity::Entity::find().one(conn).await?;
    Ok(Rules {
        restrict_sales_to_team: settings.is_some_and(|s| s.restrict_sales_to_team),
    })
}

/// What `actor` may see of `E` under the workspace's rules, as a condition for a query that
/// puts its conditions together itself (one that starts at `E::find()` starts at [`find`]);
/// `None` when it is everything.
#[cfg(feature = "ssr")]
pub async fn visible<E: Scoped, C: sea_orm::ConnectionTrait>(
    conn: &C,
    actor: &Actor,
) -> Result<Option<sea_orm::Condition>, AppError> {
    Ok(E::seen_by(scope(conn, actor).await?))
}

/// The records `actor` sees, under the workspace's rules: what every list query narrows to.
#[cfg(feature = "ssr")]
pub async fn scope<C: sea_orm::ConnectionTrait>(
    conn: &C,
    actor: &Actor,
) -> Result<Scope, AppError> {
    Ok(record_scope(&actor.user, rules(conn).await?))
}

/// A table whose rows not everyone sees, and how its rows reach the owners the record scope
/// is about: a contact by its owner, a ticket through its contact. A read of such a table
/// starts at [`find`] or [`seen`], so that no query can forget the scope.
#[cfg(feature = "ssr")]
pub trait Scoped: sea_orm::EntityTrait {
    /// The rows `scope` sees; `None` when it sees them all.
    fn seen_by(scope: Scope) -> Option<sea_orm::Condition>;
}

/// Declares tables [`Scoped`] by their own owner column.
#[cfg(feature = "ssr")]
macro_rules! scoped_by_owner {
    ($($entity:path => $owner:expr),* $(,)?) => {
        $(
            impl $crate::core::policy::Scoped for $entity {
                fn seen_by(scope: $crate::core::policy::Scope) -> Option<sea_orm::Condition> {
                    scope.condition($owner)
                }
            }
        )*
    };
}

#[cfg(feature = "ssr")]
pub(crate) use scoped_by_owner;

/// The rows whose `link` names a row of `P` that `scope` sees: a ticket is seen with its
/// contact, an order with its customer.
#[cfg(feature = "ssr")]
pub fn through<P: Scoped + super::records::Versioned>(
    scope: Scope,
    link: impl sea_orm::ColumnTrait,
) -> Option<sea_orm::Condition> {
    use sea_orm::sea_query::Query;
    P::seen_by(scope).map(|seen| {
        let ids = Query::select()
            .column(P::ID)
            .from(P::default())
            .cond_where(seen)
            .to_owned();
        sea_orm::Condition::all().add(link.in_subquery(ids))
    })
}

/// `select` narrowed to what `scope` sees.
#[cfg(feature = "ssr")]
pub fn within<E: Scoped>(select: sea_orm::Select<E>, scope: Scope) -> sea_orm::Select<E> {
    use sea_orm::QueryFilter;
    match E::seen_by(scope) {
        Some(seen) => select.filter(seen),
        None => select,
    }
}

/// The rows of `E` that `actor` sees, under the workspace's rules.
#[cfg(feature = "ssr")]
pub async fn find<E: Scoped, C: sea_orm::ConnectionTrait>(
    conn: &C,
    actor: &Actor,
) -> Result<sea_orm::Select<E>, AppError> {
    Ok(within(E::find(), scope(conn, actor).await?))
}

/// The row `id` of `E`, if `actor` sees it. One not seen is `NotFound`, as if it did not
/// exist: a refusal would tell that it does.
#[cfg(feature = "ssr")]
pub async fn seen<E, C>(conn: &C, actor: &Actor, id: Uuid) -> Result<E::Model, AppError>
where
    E: Scoped + super::records::Versioned,
    C: sea_orm::ConnectionTrait,
{
    use sea_orm::{ColumnTrait, QueryFilter};
    find::<E, C>(conn, actor)
        .await?
        .filter(E::ID.eq(id))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::core::code::TextCode;

    const TEAM: Uuid = Uuid::from_u128(100);

    fn user(role: Role) -> User {
        User {
            id: Uuid::from_u128(u128::from(role as u8) + 1),
            email: format!("{}@example.cn", role.as_str()),
            name: role.as_str().to_owned(),
            role,
            team_id: Some(TEAM),
            locale: None,
            time_zone: None,
            active: true,
            invited: false,
            version: 1,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn whoever_reads_the_audit_trail_sees_every_record() {
        // The trail shows entries about any record without asking the record scope: a role
        // given the trail must see every record, however restricted sales are.
        let restricted = Rules {
            restrict_sales_to_team: true,
        };
        for &role in Role::ALL {
            let user = user(role);
            if allows(&user, Action::ReadAudit, restricted) {
                assert_eq!(record_scope(&user, restricted), Scope::All, "{role:?}");
            }
        }
    }

    #[test]
    fn only_the_owner_manages_users_and_settings() {
        for &role in Role::ALL {
            let expected = role == Role::Owner;
            assert_eq!(
                allows(&user(role), Action::ManageUsers, Rules::default()),
                expected
            );
            assert_eq!(
                allows(&user(role), Action::ManageSettings, Rules::default()),
                expected
            );
        }
    }

    #[test]
    fn marketing_and_managers_keep_segments_and_campaigns() {
        for &role in Role::ALL {
            let keeps = matches!(role, Role::Owner | Role::Manager | Role::Marketing);
            for action in [
                Action::ManageSegments,
                Action::ManageCampaigns,
                Action::ManageAutomation,
            ] {
                assert_eq!(allows(&user(role), action, Rules::default()), keeps);
            }
        }
    }

    #[test]
    fn support_and_managers_work_tickets_and_sales_read_them() {
        let open = Rules::default();
        for &role in Role::ALL {
            let works = matches!(role, Role::Owner | Role::Manager | Role::Support);
            assert_eq!(allows(&user(role), Action::WorkTickets, open), works);
            assert_eq!(
                allows(&user(role), Action::ViewTickets, open),
                role != Role::Marketing
            );
        }
    }

    #[test]
    fn sales_see_every_customer_and_edit_their_own() {
        let sales = user(Role::Sales);
        let theirs = Owned {
            owner: Some(sales.id),
            team: Some(TEAM),
        };
        let teammates = Owned {
            owner: Some(Uuid::from_u128(7)),
            team: Some(TEAM),
        };
        let elsewhere = Owned {
            owner: Some(Uuid::from_u128(8)),
            team: Some(Uuid::from_u128(9)),
        };
        let open = Rules::default();
        for &role in Role::ALL {
            assert!(allows(&user(role), Action::ViewCustomer(elsewhere), open));
        }
        assert!(allows(&sales, Action::EditCustomer(theirs), open));
        assert!(!allows(&sales, Action::EditCustomer(teammates), open));
        assert!(allows(
            &user(Role::Manager),
            Action::EditCustomer(elsewhere),
            open
        ));
        assert!(!allows(
            &user(Role::Support),
            Action::EditCustomer(theirs),
            open
        ));
        assert!(!allows(
            &user(Role::Marketing),
            Action::CreateCustomer,
            open
        ));
    }

    #[test]
    fn the_restriction_narrows_sales_to_their_own_and_their_teams_records() {
        let sales = user(Role::Sales);
        let strict = Rules {
            restrict_sales_to_team: true,
        };
        let teammates = Owned {
            owner: Some(Uuid::from_u128(7)),
            team: Some(TEAM),
        };
        let elsewhere = Owned {
            owner: Some(Uuid::from_u128(8)),
            team: Some(Uuid::from_u128(9)),
        };
        assert!(allows(&sales, Action::ViewCustomer(teammates), strict));
        assert!(!allows(&sales, Action::ViewCustomer(elsewhere), strict));
        assert!(!allows(&sales, Action::EditCustomer(teammates), strict));
        assert_eq!(record_scope(&user(Role::Support), strict), Scope::All);
    }

    #[test]
    fn a_deactivated_user_may_do_nothing() {
        let mut owner = user(Role::Owner);
        owner.active = false;
        assert!(!allows(
            &owner,
            Action::ViewCustomer(Owned::default()),
            Rules::default()
        ));
    }

    #[test]
    fn the_rules_matter_only_where_it_says_so() {
        let stranger = Owned {
            owner: Some(Uuid::from_u128(999)),
            team: None,
        };
        let restricted = Rules {
            restrict_sales_to_team: true,
        };
        let actions = [
            Action::ManageUsers,
            Action::ManageSettings,
            Action::CreateCustomer,
            Action::ViewCustomer(stranger),
            Action::EditCustomer(stranger),
            Action::EraseCustomer,
            Action::CreateDeal,
            Action::EditDeal(stranger),
            Action::ManagePipelines,
        ];
        for &role in Role::ALL {
            for action in actions {
                let differs = allows(&user(role), action, restricted)
                    != allows(&user(role), action, Rules::default());
                assert!(!differs || depends_on_rules(action), "{role:?} {action:?}");
            }
        }
        assert!(depends_on_rules(Action::ViewCustomer(stranger)));
        assert!(depends_on_rules(Action::ViewDeal(stranger)));
    }
}
