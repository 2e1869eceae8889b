package ml.consensus.api;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat refuses some requests before Spring sees them (an encoded slash, NUL or invalid UTF-8
 * in the path) and writes its own HTML error page; this writes an RFC 9457 problem instead, so
 * every refusal from this node has the same shape.
 */
public class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"about:blank\",\"title\":\"Request refused\",\"status\":" + status
                        + ",\"detail\":\"the request could not be read (check the URL and its encoding: no encoded"
                        + " slash, backslash or NUL, valid UTF-8)\"}");
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the response committed: nothing more can be said.
        }
    }
}
