//! The loop: wait for a terminal event, a tick or an answer; apply everything that is ready;
//! run the effects the app queued; draw once. Requests run in their own tasks and come back
//! over a bounded channel as actions.

use std::time::Duration;

use crossterm::clipboard::CopyToClipboard;
use crossterm::execute;
use sss_core::api::ApiClient;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

use crate::action::{Action, Effect, Request};
use crate::app::App;
use crate::events::{Events, Input};
use crate::keys;
use crate::terminal::Tui;
use crate::ui;

/// How often the spinner moves.
const TICK: Duration = Duration::from_millis(100);
/// Answers waiting to be applied; a full channel makes the request tasks wait, never the UI.
const CHANNEL: usize = 32;

/// Runs the app on `terminal` until it quits.
pub async fn run(terminal: &mut Tui, mut app: App, client: ApiClient) -> anyhow::Result<()> {
    let (tx, mut rx) = mpsc::channel(CHANNEL);
    let mut fetcher = Fetcher {
        client,
        tx,
        search: None,
        facets: None,
        suggest: None,
    };
    let mut events = Events::new(TICK);
    let mut stop = stop_signals()?;
    app.start();
    loop {
        for effect in app.take_effects() {
            match effect {
                Effect::Fetch(request) => fetcher.fetch(request),
                Effect::Copy(text) => {
                    execute!(
                        terminal.backend_mut(),
                        CopyToClipboard::to_clipboard_from(text)
                    )?;
                }
            }
        }
        if app.should_quit {
            break;
        }
        if app.dirty {
            terminal.draw(|frame| ui::draw(frame, &mut app))?;
            app.dirty = false;
        }
        tokio::select! {
            input = events.next() => apply(&mut app, input)?,
            Some(action) = rx.recv() => app.update(action),
            Some(()) = stop.recv() => {
                tracing::info!("stopped by a signal");
                break;
            }
        }
        // Everything else that is ready now, before drawing once.
        while let Some(input) = events.ready() {
            apply(&mut app, input)?;
        }
        while let Ok(action) = rx.try_recv() {
            app.update(action);
        }
    }
    fetcher.abort();
    Ok(())
}

fn apply(app: &mut App, input: Input) -> anyhow::Result<()> {
    match input {
        Input::Terminal(event) => {
            if let Some(action) = keys::action_for(app, &event) {
                tracing::trace!(?action, "action");
                app.update(action);
            }
        }
        Input::Tick => app.update(Action::Tick),
        Input::Closed(Some(e)) => return Err(anyhow::Error::new(e).context("terminal input")),
        Input::Closed(None) => app.update(Action::Quit),
    }
    Ok(())
}

/// Sends requests, each in its own task.
struct Fetcher {
    client: ApiClient,
    tx: mpsc::Sender<Action>,
    /// The search on its way; a newer one makes it moot.
    search: Option<AbortHandle>,
    /// The facets request on its way; a newer one makes it moot.
    facets: Option<AbortHandle>,
    /// The suggest request on its way; a newer one makes it moot.
    suggest: Option<AbortHandle>,
}

impl Fetcher {
    fn fetch(&mut self, request: Request) {
        let client = self.client.clone();
        let tx = self.tx.clone();
        match request {
            Request::Categories { generation } => {
                tokio::spawn(async move {
                    let result = client.categories().await;
                    let _ = tx
                        .send(Action::CategoriesLoaded { generation, result })
                        .await;
                });
            }
            Request::Search { generation, params } => {
                if let Some(previous) = self.search.take() {
                    previous.abort();
                }
                tracing::debug!(generation, ?params, "search");
                let task = tokio::spawn(async move {
                    let result = Box::new(client.search(&params).await);
                    let _ = tx.send(Action::SearchLoaded { generation, result }).await;
                });
                self.search = Some(task.abort_handle());
            }
            Request::Facets {
                generation,
                params,
                facets,
            } => {
                if let Some(previous) = self.facets.take() {
                    previous.abort();
                }
                tracing::debug!(generation, ?params, "facets");
                let task = tokio::spawn(async move {
                    let result = Box::new(client.facets(&params, &facets).await);
                    let _ = tx.send(Action::FacetsLoaded { generation, result }).await;
                });
                self.facets = Some(task.abort_handle());
            }
            Request::Suggest {
                generation,
                text,
                limit,
            } => {
                if let Some(previous) = self.suggest.take() {
                    previous.abort();
                }
                tracing::debug!(generation, text, "suggest");
                let task = tokio::spawn(async move {
                    let result = Box::new(client.suggest(&text, Some(limit)).await);
                    let _ = tx.send(Action::SuggestLoaded { generation, result }).await;
                });
                self.suggest = Some(task.abort_handle());
            }
        }
    }

    fn abort(&mut self) {
        for task in [self.search.take(), self.facets.take(), self.suggest.take()]
            .into_iter()
            .flatten()
        {
            task.abort();
        }
    }
}

/// SIGTERM and SIGHUP end the app like `q` (the terminal is restored by the caller).
fn stop_signals() -> std::io::Result<mpsc::Receiver<()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    let (tx, rx) = mpsc::channel(1);
    tokio::spawn(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = hangup.recv() => {}
        }
        let _ = tx.send(()).await;
    });
    Ok(rx)
}
