defmodule {= web_module =}.Endpoint do
  use Phoenix.Endpoint, otp_app: :{= app =}

  # Sessions live in a signed cookie: readable by the client, but not
  # forgeable. Add :encryption_salt to encrypt it as well.
  @session_options [
    store: :cookie,
    key: "_{= app =}_key",
    signing_salt: "{= secrets.session_signing_salt =}",
    same_site: "Lax"
  ]
{$ if live $}

  socket "/live", Phoenix.LiveView.Socket,
    websocket: [connect_info: [session: @session_options]],
    longpoll: [connect_info: [session: @session_options]]
{$ endif $}

  # Static files from priv/static; gzipped variants are served when code
  # reloading is off (`mix phx.digest` builds them).
  plug Plug.Static,
    at: "/",
    from: :{= app =},
    gzip: not code_reloading?,
    only: {= web_module =}.static_paths()

  if code_reloading? do
    socket "/phoenix/live_reload/socket", Phoenix.LiveReloader.Socket
    plug Phoenix.LiveReloader
    plug Phoenix.CodeReloader
    plug Phoenix.Ecto.CheckRepoStatus, otp_app: :{= app =}
  end
{$ if live $}

  plug Phoenix.LiveDashboard.RequestLogger,
    param_key: "request_logger",
    cookie_key: "request_logger"
{$ endif $}

  plug Plug.RequestId
  plug Plug.Telemetry, event_prefix: [:phoenix, :endpoint]

  plug Plug.Parsers,
    parsers: [:urlencoded, :multipart, :json],
    pass: ["*/*"],
    json_decoder: Phoenix.json_library()

  plug Plug.MethodOverride
  plug Plug.Head
  plug Plug.Session, @session_options
  plug {= web_module =}.Router
end
