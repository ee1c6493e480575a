//! `dimos serve` and `dimos migrate`.

use crate::config::Config;
use anyhow::Context;
use dimos_app::mail::{MailWorker, transport_from_config};
use dimos_app::passwords::PasswordHasher;
use dimos_app::secret_box::SecretBox;
use dimos_app::{App, AppSettings};
use dimos_db::Db;
use dimos_web::{AppState, SiteConfig};
use std::time::Duration;

async fn open_database(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database_url).await.with_context(|| {
        format!(
            "cannot open the database {}",
            config.database_url_redacted()
        )
    })?;
    let applied = db.migrate().await.context("migrations failed")?;
    tracing::info!(applied, database = %config.database_url_redacted(), "database ready");
    Ok(db)
}

pub async fn migrate(config: Config) -> anyhow::Result<()> {
    let db = open_database(&config).await?;
    db.close().await;
    Ok(())
}

/// The portal, ready to serve: the web state and the mail worker (not yet running).
pub struct Prepared {
    pub state: AppState,
    pub mail: MailWorker,
}

/// Everything `serve` does before it listens: the data dir, the database (migrated), the
/// standard catalogue in an empty database, the mail transport. Tests start the portal through
/// this too.
pub async fn prepare(config: &Config) -> anyhow::Result<Prepared> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("cannot create the data dir {}", config.data_dir.display()))?;
    let transport = transport_from_config(config.smtp_url.as_deref(), &config.data_dir)?;
    let db = open_database(config).await?;
    let mail = MailWorker::new(db.clone(), transport, &config.mail_from)?;
    let secrets = SecretBox::load(
        config.secret_key.as_ref().map(|k| k.0.as_str()),
        &config.data_dir,
    )?;
    let mut settings = AppSettings::new(&config.public_url, PasswordHasher::new(0), secrets);
    settings.municipality_el = config.municipality_name.clone();
    settings.municipality_en = config.municipality_name_en.clone();
    settings.session_idle = Duration::from_secs(config.session_idle_minutes * 60);
    settings.data_dir = config.data_dir.clone();
    settings.mail_forms_per_client = config.mail_forms_per_client;
    settings.session_max = Duration::from_secs(config.session_max_hours * 60 * 60);
    let app = App::new(db, settings);
    app.seed_standard_catalogue()
        .await
        .context("seeding the standard catalogue failed")?;
    // The name the admin saved wins over the configured default from the first page on, not
    // from the first periodic refresh.
    app.refresh_municipality_name()
        .await
        .context("loading the municipality's settings failed")?;
    let site = SiteConfig {
        municipality_el: config.municipality_name.clone(),
        municipality_en: config.municipality_name_en.clone(),
        public_url: config.public_url.clone(),
        secure_cookies: config.secure_cookies,
        body_limit: SiteConfig::DEFAULT_BODY_LIMIT,
        request_timeout: Duration::from_secs(30),
        trust_forwarded_for: config.trust_forwarded_for,
    };
    Ok(Prepared {
        state: AppState::new(app, site),
        mail,
    })
}

pub async fn serve(config: Config) -> anyhow::Result<()> {
    let Prepared { state, mail } = prepare(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    tracing::info!(address = %listener.local_addr()?, public_url = %config.public_url, "serving");
    let (stop, stopped) = tokio::sync::watch::channel(false);
    // Another instance may save new settings: pick them up now and then.
    // Refused login attempts are audited in aggregate, every few seconds.
    let refresher = {
        let app = state.app.clone();
        tokio::spawn(async move {
            let mut tick = 0_u64;
            loop {
                tokio::time::sleep(Duration::from_secs(5)).await;
                tick += 1;
                if let Err(e) = app.flush_throttled_audit().await {
                    tracing::error!(error = %e, "could not audit throttled login attempts");
                }
                if tick.is_multiple_of(6)
                    && let Err(e) = app.refresh_municipality_name().await
                {
                    tracing::warn!(error = %e, "could not reload the municipality's settings");
                }
            }
        })
    };
    let mail = mail.spawn(async move {
        let mut stopped = stopped;
        let _ = stopped.wait_for(|s| *s).await;
    });
    dimos_web::serve(listener, state.clone(), shutdown_signal()).await?;
    let _ = stop.send(true);
    refresher.abort();
    if let Err(e) = state.app.flush_throttled_audit().await {
        tracing::error!(error = %e, "could not audit throttled login attempts");
    }
    let _ = mail.await;
    state.app.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM; the server then finishes the requests in flight.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
