require 'sinatra'

set :port, 4567

get '/' do
  'legacy'
end
