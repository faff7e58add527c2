from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/healthcheck")
def healthcheck():
    return jsonify(status="ok")


@app.route("/")
def index():
    return "inventory"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000)
