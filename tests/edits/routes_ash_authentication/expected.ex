defmodule ShopWeb.Router do
  use ShopWeb, :router

  pipeline :browser do
    plug :accepts, ["html"]
    plug :fetch_session
    plug :fetch_live_flash
    plug :put_root_layout, html: {ShopWeb.Layouts, :root}
    plug :protect_from_forgery
    plug :put_secure_browser_headers
  end

  pipeline :api do
    plug :accepts, ["json"]
  end

  scope "/", ShopWeb do
    pipe_through :browser

    ash_authentication_live_session :authenticated_routes,
      on_mount: {ShopWeb.LiveUserAuth, :live_user_required} do
      # in each liveview, add one of the following at the top of the module:
      live "/posts", PostLive.Index, :index
      live "/posts/new", PostLive.Form, :new
      live "/posts/:id", PostLive.Show, :show
      live "/posts/:id/edit", PostLive.Form, :edit
    end

    get "/", PageController, :home
    auth_routes AuthController, Shop.Accounts.User, path: "/auth"
    sign_out_route AuthController
  end
end
