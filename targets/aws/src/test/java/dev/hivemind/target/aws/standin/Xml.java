package dev.hivemind.target.aws.standin;

import java.util.Map;
import java.util.UUID;

/** The XML of the stand-in's answers: EC2's shape, and the Query services' {@code <XResult>} shape. */
final class Xml {
    static final String EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private Xml() {
    }

    static String ec2(String action, String content) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + action + "Response xmlns=\"" + EC2_NAMESPACE
                + "\"><requestId>" + UUID.randomUUID() + "</requestId>" + content + "</" + action + "Response>";
    }

    static String query(String action, String namespace, String result) {
        return "<" + action + "Response xmlns=\"" + namespace + "\"><" + action + "Result>" + result + "</" + action
                + "Result><ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></"
                + action + "Response>";
    }

    static String ec2Error(String code, String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + code + "</Code><Message>"
                + escape(message) + "</Message></Error></Errors><RequestID>" + UUID.randomUUID()
                + "</RequestID></Response>";
    }

    static String queryError(String code, String message) {
        return "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + escape(message)
                + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
    }

    static String element(String name, Object value) {
        return value == null ? "" : "<" + name + ">" + escape(value.toString()) + "</" + name + ">";
    }

    /** An EC2 {@code tagSet}. */
    static String tagSet(Map<String, String> tags) {
        StringBuilder xml = new StringBuilder("<tagSet>");
        tags.forEach((key, value) -> xml.append("<item>").append(element("key", key)).append(element("value", value))
                .append("</item>"));
        return xml.append("</tagSet>").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
