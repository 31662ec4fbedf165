defmodule Shop.Blog do
  @moduledoc """
  The blog.
  """
  use Ash.Domain,
    otp_app: :shop,
    extensions: [AshPhoenix]

  resources do
    resource Shop.Blog.Post
  end

  authorization do
    authorize :by_default
  end
end
