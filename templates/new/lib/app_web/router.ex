defmodule {= web_module =}.Router do
  use {= web_module =}, :router

  pipeline :browser do
    plug :accepts, ["html"]
    plug :fetch_session
{$ if live $}
    plug :fetch_live_flash
{$ else $}
    plug :fetch_flash
{$ endif $}
    plug :put_root_layout, html: {{= web_module =}.Layouts, :root}
    plug :protect_from_forgery
    plug :put_secure_browser_headers
  end

  pipeline :api do
    plug :accepts, ["json"]
  end

  scope "/", {= web_module =} do
    pipe_through :browser

    get "/", PageController, :home
  end

  # Development-only tools: {$ if live $}LiveDashboard and {$ endif $}the mailbox preview. To use
  # them in production, put them behind authentication first.
  if Application.compile_env(:{= app =}, :dev_routes) do
{$ if live $}
    import Phoenix.LiveDashboard.Router

{$ endif $}
    scope "/dev" do
      pipe_through :browser

{$ if live $}
      live_dashboard "/dashboard", metrics: {= web_module =}.Telemetry
{$ endif $}
      forward "/mailbox", Plug.Swoosh.MailboxPreview
    end
  end
end
