//! `banyan create-user`: a teammate added from a shell, with the password they will sign in
//! with.

use app::auth::types::NewUserForm;
use app::core::code::TextCode;
use app::error::AppError;
use clap::Args;
use sea_orm::DatabaseConnection;

use super::{NOT_SET_UP, cli_locale, explain, password};
use crate::Outcome;

#[derive(Args)]
pub struct CreateUserArgs {
    #[arg(long)]
    email: String,
    #[arg(long)]
    name: String,
    /// owner, manager, sales, support or marketing
    #[arg(long)]
    role: String,
}

pub async fn create(conn: &DatabaseConnection, args: CreateUserArgs) -> Outcome {
    let form = NewUserForm {
        password: password(&args.email)?,
        email: args.email,
        name: args.name,
        role: args.role,
    };
    match app::auth::service::create_user_from_cli(conn, form).await {
        Ok(user) => {
            println!(
                "Added {} ({}) as {}.",
                user.name,
                user.email,
                user.role.as_str()
            );
            Ok(())
        }
        Err(AppError::NotFound) => Err(NOT_SET_UP.into()),
        Err(err) => {
            let why = explain(cli_locale().messages(), &err, |field| format!("--{field}"));
            Err(format!("not added: {why}").into())
        }
    }
}
