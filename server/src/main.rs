//! `jobs-gallery-server`: flags, bind, print the address, serve until told to stop.

use clap::Parser;
use jobs_gallery_server::history::{Demo, DEFAULT_INTERVAL};
use jobs_gallery_server::media_proxy::{MediaConfig, Origin, DEFAULT_MAX_BYTES};
use jobs_gallery_server::proxy::{Upstream, DEFAULT_TIMEOUT};
use jobs_gallery_server::{app, Clock, Config, LogSink, ManualClock, Mode, SystemClock};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Companion server of the jobs gallery: a live seeded demo of the jobs API with every
/// failure on demand, or a same-origin proxy that adds the API key server-side.
#[derive(Debug, Parser)]
#[command(name = "jobs-gallery-server", version)]
struct Args {
    /// Port to listen on; 0 picks a free one (the address is printed either way).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Seed of the demo history; the same seed gives the same history.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Serve a built widget (trunk's dist/) at `/`.
    #[arg(long = "static", value_name = "DIR")]
    static_dir: Option<PathBuf>,
    /// Proxy mode: forward GET /v1/jobs to this base URL, with the key from the
    /// DEPICTA_API_KEY environment variable.
    #[arg(long, value_name = "URL")]
    upstream: Option<String>,
    /// Seconds before an upstream request gives up with a 504: the service's answer, or a
    /// media host's connection, answer head or next part of its body.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_TIMEOUT.as_secs())]
    upstream_timeout: u64,
    /// An origin (`https://host[:port]`) that GET /media-proxy?url= may fetch pictures
    /// from; repeat for more. Without it: https://images.depicta.ai and the upstream's
    /// origin in proxy mode, the --public-base origin in demo mode.
    #[arg(long = "media-origin", value_name = "ORIGIN")]
    media_origins: Vec<Origin>,
    /// Largest picture /media-proxy passes on, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    media_max_bytes: u64,
    /// Send the strict Content-Security-Policy header with static files.
    #[arg(long)]
    csp: bool,
    /// One line per request on stderr: method, path and query, status (never headers).
    #[arg(long)]
    log_requests: bool,
    /// Make result links absolute with this base (default: root-relative `/media/…`).
    #[arg(long, value_name = "URL")]
    public_base: Option<String>,
    /// Seconds between two new live jobs in demo mode.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_INTERVAL)]
    live_interval: i64,
    /// Start of the demo timeline as Unix seconds (default: now). With --frozen, gives
    /// byte-identical answers across runs, e.g. for screenshots.
    #[arg(long, value_name = "UNIX")]
    start: Option<i64>,
    /// Stop the demo clock at the start: no live progress, no link expiry over time, and
    /// no opening jobs (without it, a story is already running and a job waiting at the
    /// start).
    #[arg(long)]
    frozen: bool,
}

#[tokio::main]
async fn main() {
    if let Err(message) = run(Args::parse()).await {
        eprintln!("jobs-gallery-server: {message}");
        std::process::exit(2);
    }
}

async fn run(args: Args) -> Result<(), String> {
    let start = args.start.unwrap_or_else(|| SystemClock.now());
    let clock: Arc<dyn Clock> = if args.frozen {
        Arc::new(ManualClock::new(start))
    } else {
        Arc::new(SystemClock)
    };
    let timeout = Duration::from_secs(args.upstream_timeout.max(1));
    let mode = match &args.upstream {
        Some(url) => {
            let key = std::env::var("DEPICTA_API_KEY").ok();
            Mode::Proxy(Upstream::new(url, key.as_deref(), timeout).map_err(|e| e.to_string())?)
        }
        // A running demo opens with a job in flight; a frozen one keeps its still list
        // of finished jobs, which is what screenshots and the end-to-end tests expect.
        None => Mode::Demo(
            Demo::with_options(
                args.seed,
                start,
                args.live_interval,
                args.public_base.as_deref().unwrap_or(""),
            )
            .with_opening_jobs(!args.frozen),
        ),
    };
    if let Some(dir) = &args.static_dir {
        if !dir.is_dir() {
            return Err(format!("--static {}: not a directory", dir.display()));
        }
    }
    let router = app(Config {
        mode,
        clock,
        static_dir: args.static_dir.clone(),
        csp: args.csp,
        log: if args.log_requests {
            LogSink::Stderr
        } else {
            LogSink::Off
        },
        media: MediaConfig {
            origins: (!args.media_origins.is_empty()).then(|| args.media_origins.clone()),
            max_bytes: args.media_max_bytes,
            timeout,
        },
    });

    let listener = tokio::net::TcpListener::bind(SocketAddr::new(args.bind, args.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", args.bind, args.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    // Scripts and tests read this line to learn the port; flush so they see it at once.
    let mut out = std::io::stdout();
    let _ = writeln!(out, "listening on http://{addr}");
    let _ = out.flush();

    // On Ctrl-C/SIGTERM stop accepting and let answers in flight finish, but not for
    // long: a `slow` scenario may be waiting up to a minute, and scripts that stop the
    // server should not hang on it.
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown().await;
        let _ = stop_tx.send(true);
        tokio::time::sleep(Duration::from_secs(2)).await;
        std::process::exit(0);
    });
    axum::serve(listener, router)
        .with_graceful_shutdown(async move {
            let _ = stop_rx.wait_for(|stop| *stop).await;
        })
        .await
        .map_err(|e| e.to_string())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
