package dev.hivemind.example.notes;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class NotesController {
    private final JdbcTemplate jdbc;
    private final DataSource dataSource;

    public NotesController(JdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    @PostMapping("/notes")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, Object> add(@RequestBody String body) {
        jdbc.update("INSERT INTO notes (body) VALUES (?)", body.strip());
        return Map.of("body", body.strip());
    }

    @GetMapping("/notes")
    public List<String> list() {
        return jdbc.queryForList("SELECT body FROM notes ORDER BY id", String.class);
    }

    /** The database product the app is connected to, as its JDBC driver names it. */
    @GetMapping("/database")
    public Map<String, String> database() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return Map.of("product", connection.getMetaData().getDatabaseProductName(),
                    "url", connection.getMetaData().getURL());
        }
    }

    @GetMapping("/health")
    public Map<String, String> health() {
        jdbc.queryForObject("SELECT 1", Integer.class);
        return Map.of("status", "up");
    }
}
